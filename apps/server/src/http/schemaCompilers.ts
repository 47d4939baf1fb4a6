import type { FastifyServerOptions } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (Ajv for input, fast-json-stringify for output), compiled on a
 * route's first use rather than all when the node starts. A node has a few hundred routes, and
 * compiling every schema up front took about two seconds of CPU per start — paid by every node, every
 * restart and every test's app, for routes most of which a given process never serves. Each compiled
 * function is kept: from the second request on, a route runs exactly the code Fastify would have.
 * `compileAll` compiles what is still pending (the schema test does, so a broken schema fails a
 * test rather than a user's first request).
 */
type CompilersFactory = NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'];
type Fn = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Compile = (route: unknown) => Fn;
type Factory = (...args: unknown[]) => Compile;

function lazy(compile: Compile, route: unknown, validator: boolean, pending: Set<() => Fn>): Fn {
  let real: Fn | null = null;
  const build = (): Fn => {
    if (!real) {
      real = compile(route);
      pending.delete(build);
    }
    return real;
  };
  pending.add(build);
  const fn: Fn = (...args: unknown[]) => {
    const f = build();
    const ret = f(...args);
    if (validator) fn.errors = f.errors;
    return ret;
  };
  // Fastify passes Ajv's functions their parent (so coercion can replace a whole querystring or
  // body): it looks for `schemaEnv` before the call, so the wrapper says it is one; a compiler that
  // is not Ajv ignores the extra argument.
  if (validator) fn.schemaEnv = {};
  return fn;
}

/** One app's compilers (Fastify's `schemaController` option) and its `compileAll`. */
export function lazySchemaController() {
  const pending = new Set<() => Fn>();
  const wrap =
    (factory: Factory, validator: boolean): Factory =>
    (...args: unknown[]) => {
      const compile = factory(...args);
      return (route: unknown) => lazy(compile, route, validator, pending);
    };
  return {
    compilersFactory: {
      buildValidator: wrap((AjvCompiler as unknown as () => Factory)(), true),
      buildSerializer: wrap((SerializerSelector as unknown as () => Factory)(), false),
    } as unknown as CompilersFactory,
    /** Compiles every schema of this app not yet compiled; answers how many there were. */
    compileAll(): number {
      const n = pending.size;
      for (const build of [...pending]) build();
      return n;
    },
  };
}
