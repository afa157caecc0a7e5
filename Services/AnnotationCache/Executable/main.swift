import AnnotationCache
import SluicePostgres
import SluiceService

ServiceMain.run(kind: .annotationCache, schema: "annotation_cache") { runtime in try AnnotationCacheService.makeRouter(runtime: runtime) }
