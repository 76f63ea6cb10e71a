// The PostGraphile side of BenchmarkVersusPostGraphile
// (internal/server/versus_bench_test.go): PostGraphile v5 with the Amber
// preset, the connection-filter and pg-aggregates plugins, no auth (no JWT,
// no pgSettings: every request runs as the connecting role), as in the
// comparison of issue 11. The database is DATABASE_URL.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";
import { jsonPgSmartTags } from "postgraphile/utils";

if (!process.env.DATABASE_URL) {
  throw new Error("set DATABASE_URL to the PostgreSQL database to serve");
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [
    PostGraphileAmberPreset,
    PostGraphileConnectionFilterPreset,
    PgAggregatesPreset,
  ],
  plugins: [
    // The Amber preset offers filters and orders only on indexed columns;
    // W2 filters on regions.remote, which has no index. A smart tag in
    // this configuration (not in the database) opens that one column.
    jsonPgSmartTags({
      version: 1,
      config: {
        class: {
          regions: { attribute: { remote: { tags: { behavior: "+filterBy" } } } },
        },
      },
    }),
  ],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
    }),
  ],
  schema: {
    // W2 filters employees through their unit's region.
    connectionFilterRelations: true,
  },
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? 5678),
    graphqlPath: "/graphql",
    watch: false,
    graphiql: false,
  },
  grafast: {
    explain: false,
  },
};

export default preset;
