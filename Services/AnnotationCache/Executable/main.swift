import AnnotationCache
import SluiceService

ServiceMain.run(kind: .annotationCache) { runtime in try AnnotationCacheService.makeRouter(runtime: runtime) }
