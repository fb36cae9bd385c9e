/** Set up for every test file (vitest.config.mts): its temporary folders go once its own hooks have run. */
import { afterAll } from "vitest";
import { removeTempDirs } from "./paths";

afterAll(removeTempDirs);
