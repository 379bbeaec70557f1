import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError } from "#server/errors";
import { describeError } from "#server/trpc/describeError";
import { AppTRPCError, appErrorOf } from "#server/trpc/errors";

describe("errors stay free of the transport until the tRPC edge", () => {
  it("a service's refusal is a plain error carrying its stable code and kind", () => {
    const error = new AppError("EMAIL_TAKEN");
    expect(error).not.toBeInstanceOf(TRPCError);
    expect(error.appCode).toBe("EMAIL_TAKEN");
    expect(error.kind).toBe("CONFLICT");
  });

  it("the edge answers it as tRPC did before: same code, message, stable code and details", () => {
    const refused = new AppError("SIGN_IN_LOCKED", undefined, { retryAfterSeconds: 30 });
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: refused });
    const answered = new AppTRPCError(appErrorOf(wrapped) ?? refused);
    expect(answered).toBeInstanceOf(TRPCError);
    expect(answered.code).toBe("TOO_MANY_REQUESTS");
    expect(answered.message).toBe(refused.message);
    expect(answered.details).toEqual({ retryAfterSeconds: 30 });
    expect(describeError(answered, true)).toEqual(describeError(refused, true));
    expect(describeError(answered, true)).toMatchObject({ appCode: "SIGN_IN_LOCKED", httpStatus: 429 });
  });
});
