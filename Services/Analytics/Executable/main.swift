import Analytics
import SluiceService

ServiceMain.run(kind: .analytics) { runtime in try AnalyticsService.makeRouter(runtime: runtime) }
