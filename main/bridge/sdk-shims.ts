// The SDK client's `@modelcontextprotocol/client/_shims` in the bridge's bundle (scripts/vite.bridge.config.ts points the import here): the SDK's Node shim, except that its JSON Schema validator (ajv and ajv-formats, ~220 KB of code) loads at the first schema — a bridge validates no tool output, so it never does.
import { createRequire } from 'node:module';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/client';

/** As the SDK's Node shim: in Node a fetch TypeError is a network error, never CORS. */
export const CORS_IS_POSSIBLE = false;

type Ajv = new () => jsonSchemaValidator;

/** The SDK's default validator (AjvJsonSchemaValidator), constructed on the first getValidator call. */
export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  #real?: jsonSchemaValidator;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    if (!this.#real) {
      const { AjvJsonSchemaValidator } = createRequire(import.meta.url)('@modelcontextprotocol/client/validators/ajv') as { AjvJsonSchemaValidator: Ajv };
      this.#real = new AjvJsonSchemaValidator();
    }
    return this.#real.getValidator<T>(schema);
  }
}
