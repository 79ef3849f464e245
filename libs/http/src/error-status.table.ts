/**
 * Maps stable error codes (`AREA.REASON`) to HTTP statuses. An exact code wins; otherwise
 * the reason (the part after the last dot) is matched against the suffix rules, either
 * whole (`CONSULTATION.NOT_FOUND`) or as its tail (`CONSULTATION.DRAFT_NOT_FOUND`).
 * Libraries add their own codes with `errorStatusTable.register(...)` when they load.
 */
export class ErrorStatusTable {
  private readonly exact = new Map<string, number>();
  private readonly suffixes = new Map<string, number>();

  constructor(exact: Record<string, number> = {}, suffixes: Record<string, number> = {}) {
    this.register(exact);
    for (const [suffix, status] of Object.entries(suffixes)) this.registerSuffix(suffix, status);
  }

  /** Adds exact codes, e.g. `{ 'AUTH.TOKEN_EXPIRED': 401 }`. */
  register(codes: Record<string, number>): this {
    for (const [code, status] of Object.entries(codes)) this.exact.set(code, status);
    return this;
  }

  /** Adds a reason suffix rule, e.g. `registerSuffix('GONE', 410)`. */
  registerSuffix(suffix: string, status: number): this {
    this.suffixes.set(suffix, status);
    return this;
  }

  /** The status for `code`, or undefined when no rule knows it. */
  statusFor(code: string): number | undefined {
    const exact = this.exact.get(code);
    if (exact !== undefined) return exact;
    const reason = code.slice(code.lastIndexOf('.') + 1);
    for (const [suffix, status] of this.suffixes) {
      if (reason === suffix || reason.endsWith(`_${suffix}`)) return status;
    }
    return undefined;
  }
}

/** The engine's table; extend it, do not replace it. */
export const errorStatusTable = new ErrorStatusTable(
  {
    'EVENT_STORE.WRONG_EXPECTED_REVISION': 409,
    'EVENT_STORE.IDEMPOTENCY_CONFLICT': 409,
  },
  {
    NOT_FOUND: 404,
    FORBIDDEN: 403,
    UNAUTHORIZED: 401,
    COMMAND_NOT_ALLOWED: 409,
    CONFLICT: 409,
    INVALID: 400,
  },
);
