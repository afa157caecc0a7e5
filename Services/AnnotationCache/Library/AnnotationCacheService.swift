import SluiceHTTP
import SluiceService

/// The AnnotationCache service: its routes on top of the standard ones.
public enum AnnotationCacheService {
    /// Builds the service's router. For now: /healthz, /readyz and /metrics.
    public static func makeRouter(runtime: ServiceRuntime) throws -> Router {
        runtime.makeRouter()
    }
}
