// What a dashboard and a device do, over node:http with keep-alive: read the event stream, request pages,
// send a heartbeat. Each call resolves with its duration in ms.
import http from 'node:http';

/** A keep-alive client of one port; `request(method, path, headers?, body?)` -> { status, ms, body }. */
export function httpClient(port, maxSockets = 4) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method, path, headers = {}, body) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            ms: performance.now() - started,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}

/** A heartbeat as a device sends it; resolves with { status, ms }. */
export function sendHeartbeat(client, vin, token, sequence) {
  return client.request(
    'POST',
    `/api/v1/vehicles/${vin}/heartbeats`,
    { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    JSON.stringify({ sentAt: new Date().toISOString(), sequence }),
  );
}

/**
 * Opens GET /api/v1/stream (the whole fleet, as the dashboard's start page) and calls `onStatus(data, at)` for
 * each `status` event with the moment it arrived (performance.now()) and `onCounts()` for each `counts` event.
 * Resolves once the stream is open; `close()` ends it.
 */
export function openStream(port, { onStatus, onCounts }) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/stream' }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event === 'status') onStatus(JSON.parse(/^data: (.*)$/m.exec(block)[1]), at);
          else if (event === 'counts') onCounts?.();
        }
      });
      resolve({ close: () => req.destroy() });
    });
    req.on('error', (err) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
  });
}

/** The sum of a Prometheus counter's series in a /metrics text. */
export function counterTotal(metricsText, name) {
  let total = 0;
  for (const line of metricsText.split('\n'))
    if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{'))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

/** The dashboard's page request `i` of a rotation: the whole fleet, the online ones, one customer's. */
export function dashboardPath(i, customerIds) {
  const filters = ['', '&status=online', `&customerId=${customerIds[(i * 7919) % customerIds.length]}`];
  return `/api/v1/vehicles?pageSize=50${filters[i % filters.length]}`;
}
