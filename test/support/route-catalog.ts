import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

export interface CatalogRoute {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** the path below `/api`, e.g. `communities/:communityId/sharing` */
  readonly path: string;
  readonly handler: (...args: unknown[]) => unknown;
}

/** Every route handler of the app, found through Nest's module container, sorted by path and method. */
export function routeCatalog(app: INestApplication): CatalogRoute[] {
  const routes: CatalogRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (type === null) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = [base, String(Reflect.getMetadata(PATH_METADATA, handler))]
          .flatMap((part) => part.split('/'))
          .filter((segment) => segment !== '')
          .join('/');
        routes.push({
          method: RequestMethod[method],
          path,
          handler: handler as (...args: unknown[]) => unknown,
        });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
