/** Small hand-rolled validators (this codebase predates any schema library). */
import { validationFailed, type FieldError } from '../errors';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw validationFailed([{ field: 'body', message: 'must be a JSON object' }]);
  return body;
}

export class Checker {
  readonly errors: FieldError[] = [];
  constructor(private readonly source: Record<string, unknown>) {}

  string(field: string, opts: { required?: boolean; min?: number; max?: number; pattern?: RegExp; oneOf?: readonly string[] } = {}): string | undefined {
    const value = this.source[field];
    if (value === undefined || value === null || value === '') {
      if (opts.required) this.errors.push({ field, message: 'is required' });
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.push({ field, message: 'must be a string' });
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) this.errors.push({ field, message: `must be at least ${opts.min} characters` });
    else if (opts.max !== undefined && value.length > opts.max) this.errors.push({ field, message: `must be at most ${opts.max} characters` });
    else if (opts.pattern && !opts.pattern.test(value)) this.errors.push({ field, message: 'has an invalid format' });
    else if (opts.oneOf && !opts.oneOf.includes(value)) this.errors.push({ field, message: `must be one of ${opts.oneOf.join(', ')}` });
    return value;
  }

  int(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.source[field];
    if (value === undefined || value === null || value === '') {
      if (opts.required) this.errors.push({ field, message: 'is required' });
      return undefined;
    }
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      this.errors.push({ field, message: 'must be an integer' });
      return undefined;
    }
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const range = `between ${opts.min ?? '-∞'} and ${opts.max ?? '∞'}`;
      this.errors.push({ field, message: `must be ${range}` });
      return undefined;
    }
    return n;
  }

  boolean(field: string, opts: { required?: boolean } = {}): boolean | undefined {
    const value = this.source[field];
    if (value === undefined) {
      if (opts.required) this.errors.push({ field, message: 'is required' });
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.errors.push({ field, message: 'must be true or false' });
      return undefined;
    }
    return value;
  }

  /** Throws a 400 VALIDATION_FAILED listing every problem found. */
  done(): void {
    if (this.errors.length > 0) throw validationFailed(this.errors);
  }
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const USERNAME = /^[a-z0-9_]{3,32}$/;
export const SKU = /^[A-Z]{2}-[A-Z0-9]{3,12}$/;

/** Positive integer id from a path segment, or undefined. */
export function parseId(raw: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  return Number(raw);
}
