// Serves graphile.config.mjs over HTTP (grafserv's Node adaptor, the
// library mode of PostGraphile's documentation). PORT=0 takes a free port.
// Once the schema is built and the port open it prints one line,
// "listening http://127.0.0.1:<port>/graphql", which the benchmark waits
// for.
//
// It counts the statements it sends to PostgreSQL (every query of a pg
// client, PostGraphile's introspection included) and answers
// GET /statements with the count, so that the benchmark can report
// statements per request without pg_stat_statements.
import { createServer } from "node:http";
import pg from "pg";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import preset from "./graphile.config.mjs";

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  statements++;
  return query.apply(this, args);
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
await pgl.getSchema();

// createHandler rather than addTo: no websockets here, and /statements
// must not reach grafserv.
const graphql = serv.createHandler();
const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/statements") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(String(statements));
    return;
  }
  graphql(req, res);
});
const { host, port } = preset.grafserv;
server.listen(port, host, () => {
  const addr = server.address();
  console.log(`listening http://${addr.address}:${addr.port}${preset.grafserv.graphqlPath}`);
});

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
