import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';
import { ValidationArguments, ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// The storage `plainToInstance` reads (the package's main entry is its cjs build); it ships no typings of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata };

type Validate = (value: unknown, args: ValidationArguments) => unknown;

interface Check {
  validate: Validate;
  each: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
  constraints: unknown[];
}

interface PropertyPlan {
  conditions: ((object: object, value: unknown) => boolean)[];
  defined: Check[];
  checks: Check[];
}

/**
 * What `plainToInstance` + `validateSync(…, {whitelist, forbidNonWhitelisted})` do with a
 * flat DTO, done directly: the same constraint functions, called in the same order with
 * the same arguments, without class-validator's per-call metadata search and error
 * building (≈ 45 µs a command). It only ever answers "valid"; anything else, and every
 * class it cannot mirror exactly (nested or async validation, groups, class-transformer
 * metadata), goes to class-validator itself, so the errors are class-validator's.
 */
export class ValidationPlan<T extends object> {
  private constructor(private readonly type: new () => T, private readonly properties: Map<string, PropertyPlan>) {}

  /** The plan for `type`, or undefined when only class-validator itself can judge it. */
  static for<T extends object>(type: new () => T): ValidationPlan<T> | undefined {
    if (plans.has(type)) return plans.get(type) as ValidationPlan<T> | undefined;
    const properties = compile(type);
    const plan = properties && new ValidationPlan(type, properties);
    plans.set(type, plan);
    return plan;
  }

  /** The instance when `body` is valid; undefined when it may not be (ask class-validator). */
  accept(body: Record<string, unknown>, strict: boolean): T | undefined {
    const instance = new this.type() as Record<string, unknown>;
    for (const key of Object.keys(body)) {
      if (!this.properties.has(key)) {
        if (strict) return undefined;
      } else if (copiedAsIs(body[key])) {
        instance[key] = body[key];
      } else {
        return undefined;
      }
    }
    const targetName = this.type.name;
    for (const [property, plan] of this.properties) {
      const value = instance[property];
      if (!plan.conditions.every((condition) => condition(instance, value))) continue;
      if (!passes(plan.defined, instance, value, property, targetName)) return undefined;
      if (!passes(plan.checks, instance, value, property, targetName)) return undefined;
    }
    return instance as T;
  }
}

const plans = new WeakMap<object, ValidationPlan<object> | undefined>();

/** Nesting beyond which a value is left to class-transformer (the HTTP edge refuses deeper bodies long before). */
const MAX_DEPTH = 64;

/**
 * Whether class-transformer copies `value` key for key. In a nested object it skips a key named
 * like a member of Object.prototype (`{"payload": {"toString": 0}}` becomes `payload: {}`): such a
 * value is left to class-transformer and class-validator, so the instance is the one they make.
 */
function copiedAsIs(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => copiedAsIs(item, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (key in Object.prototype || !copiedAsIs(item, depth + 1)) return false;
  }
  return true;
}

function passes(checks: Check[], object: object, value: unknown, property: string, targetName: string): boolean {
  for (const check of checks) {
    if (check.validateIf && !check.validateIf(object, value)) continue;
    const args: ValidationArguments = { targetName, property, object, value, constraints: check.constraints };
    const items = check.each && (Array.isArray(value) || value instanceof Set || value instanceof Map) ? [...(value instanceof Map ? value.values() : value)] : undefined;
    const results = items ? items.map((item) => check.validate(item, args)) : [check.validate(value, args)];
    // class-validator takes any truthy answer; a promise is left to it.
    if (!results.every((result) => result && typeof (result as Promise<unknown>).then !== 'function')) return false;
  }
  return true;
}

function compile(type: new () => object): Map<string, PropertyPlan> | undefined {
  const storage = getMetadataStorage();
  // The call ValidationExecutor makes for validateSync without groups.
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false, undefined);
  if (metadatas.length === 0 || !plainTransform(type)) return undefined;
  const grouped = storage.groupByPropertyName(metadatas);
  // A field the constructor sets but no decorator names would be refused by the whitelist.
  if (Object.keys(new type()).some((key) => !grouped[key])) return undefined;
  const properties = new Map<string, PropertyPlan>();
  for (const [property, list] of Object.entries(grouped)) {
    if (Object.getOwnPropertyDescriptor(type.prototype, property) || !plainTransform(type, property)) return undefined;
    const plan: PropertyPlan = { conditions: [], defined: [], checks: [] };
    for (const metadata of list) {
      if (!addTo(plan, metadata)) return undefined;
    }
    properties.set(property, plan);
  }
  return properties;
}

function addTo(plan: PropertyPlan, metadata: ValidationMetadata): boolean {
  switch (metadata.type) {
    case ValidationTypes.WHITELIST:
      return true;
    case ValidationTypes.CONDITIONAL_VALIDATION:
      plan.conditions.push(metadata.constraints[0]);
      return true;
    case ValidationTypes.IS_DEFINED:
    case ValidationTypes.CUSTOM_VALIDATION: {
      const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.length !== 1 || constraints[0].async) return false;
      const instance = constraints[0].instance as { validate: Validate };
      const check: Check = {
        validate: instance.validate.bind(instance), each: metadata.each === true,
        validateIf: (metadata as { validateIf?: Check['validateIf'] }).validateIf, constraints: metadata.constraints,
      };
      (metadata.type === ValidationTypes.IS_DEFINED ? plan.defined : plan.checks).push(check);
      return true;
    }
    default:
      return false;
  }
}

/** True when class-transformer would copy the values as they are (no @Type, @Transform, @Expose or @Exclude). */
function plainTransform(type: new () => object, property?: string): boolean {
  if (property === undefined) {
    return defaultMetadataStorage.getStrategy(type) === 'none'
      && defaultMetadataStorage.getExposedMetadatas(type).length === 0
      && defaultMetadataStorage.getExcludedMetadatas(type).length === 0;
  }
  return !defaultMetadataStorage.findTypeMetadata(type, property)
    && defaultMetadataStorage.findTransformMetadatas(type, property, TransformationType.PLAIN_TO_CLASS).length === 0;
}
