/**
 * Liveness and readiness. `/health/live`: the process answers. `/health/ready`: a model is loaded and
 * the model file (and its folder, where SQLite writes its WAL side files) can be read and written, and
 * the server is not shutting down. `/health` is kept as an alias of readiness.
 */
import fs from "node:fs";
import path from "node:path";
import type { Express, Response } from "express";
import type { Services } from "../serving";

export interface Readiness {
  ready: boolean;
  reason?: string;
}

export class Health {
  private stopping = false;

  constructor(
    private readonly services: Services,
    private readonly modelDb: string,
  ) {}

  /** From now on the server is not ready (it is shutting down). */
  stop(): void {
    this.stopping = true;
  }

  readiness(): Readiness {
    if (this.stopping) return { ready: false, reason: "shutting down" };
    try {
      fs.accessSync(this.modelDb, fs.constants.R_OK | fs.constants.W_OK);
      fs.accessSync(path.dirname(this.modelDb), fs.constants.W_OK);
    } catch (error) {
      return {
        ready: false,
        reason: `${this.modelDb}: ${(error as NodeJS.ErrnoException).code}; the file and its folder must be readable and writable`,
      };
    }
    try {
      this.services.holder.latest();
    } catch (error) {
      return { ready: false, reason: `no model loaded: ${(error as Error).message}` };
    }
    return { ready: true };
  }

  routes(app: Express): void {
    app.get("/health/live", (_req, res) => {
      res.json({ status: "ok" });
    });
    const ready = (_req: unknown, res: Response) => {
      const state = this.readiness();
      if (!state.ready) {
        res.status(503).json({ status: "unavailable", reason: state.reason });
        return;
      }
      const info = this.services.modelInfo.describe();
      res.json({ status: "ok", modelVersion: info.version, customers: info.customers, products: info.products });
    };
    app.get("/health/ready", ready);
    app.get("/health", ready);
  }
}
