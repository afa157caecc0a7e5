import Analytics
import SluicePostgres
import SluiceService

ServiceMain.run(kind: .analytics, schema: AnalyticsSchema.name, migrations: AnalyticsSchema.migrations) { runtime in
    try AnalyticsService.makeRouter(runtime: runtime)
}
