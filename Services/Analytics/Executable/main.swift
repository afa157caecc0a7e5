import Analytics
import SluicePostgres
import SluiceService

ServiceMain.run(kind: .analytics, schema: "analytics") { runtime in try AnalyticsService.makeRouter(runtime: runtime) }
