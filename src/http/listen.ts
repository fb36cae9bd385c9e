import type http from "node:http";

/** Resolves once `server` listens on `port` at `host`; rejects on the error that stopped it. */
export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}
