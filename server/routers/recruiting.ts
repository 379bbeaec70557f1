import { candidates } from "../services/recruiting/candidates";
import { jobs } from "../services/recruiting/jobs";
import { router } from "../trpc/trpc";
import { recordRouter } from "./records";

export const recruitingRouter = router({ jobs: recordRouter(jobs), candidates: recordRouter(candidates) });
