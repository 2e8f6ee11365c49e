/**
 * Target "socketio": Socket.IO 4.8 on Node (run with `node`, not bun), WebSocket transport only,
 * broadcasting each event with io.emit. POST /publish takes the hub's publish body, like the
 * ceilings. Node cannot import the TypeScript protocol package, so the wire event below repeats
 * protocol's encodeEvent key order by hand (type, seq, topic, timestamp, data): same bytes.
 */
const http = require("node:http");
const { Server } = require("socket.io");

let seq = 0;

const httpServer = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/publish") {
    res.writeHead(404).end("not found");
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const first = seq + 1;
    for (const it of items) {
      const timestamp = new Date().toISOString();
      seq++;
      io.emit("e", JSON.stringify({ type: "alert", seq, topic: it.topic, timestamp, data: it.data }));
    }
    res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ first, last: seq }));
  });
});

const io = new Server(httpServer, { transports: ["websocket"], serveClient: false });

httpServer.listen(Number(process.env.PORT || 0), process.env.HOST || "127.0.0.1", () => {
  const a = httpServer.address();
  process.stdout.write(`listening http://${a.address}:${a.port}\n`);
});
