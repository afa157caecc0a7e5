import Ingest
import SluiceService

ServiceMain.run(kind: .ingest, schema: IngestSchema.name, migrations: IngestSchema.migrations) { runtime in
    try IngestService.makeRouter(runtime: runtime)
}
