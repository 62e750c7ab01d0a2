import http from 'node:http';

/**
 * The gated benchmark's baseline: a bare node:http JSON route answering what /api/pro/report answers
 * (the same shape and size, built and serialised per request), on the same machine in the same run.
 */
const server = http.createServer((_request, response) => {
  const series = Array.from({ length: 7 }, (_, day) => ({ day, value: ((17 * (day + 3)) % 17) + 3 }));
  const body = JSON.stringify({
    success: true,
    data: { title: 'Your weekly report', generatedAt: new Date().toISOString(), series },
  });
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
