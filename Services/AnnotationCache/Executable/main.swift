import AnnotationCache
import SluiceService

ServiceMain.run(kind: .annotationCache, schema: CacheSchema.name, migrations: CacheSchema.migrations) { runtime in
    try AnnotationCacheService.makeRouter(runtime: runtime)
}
