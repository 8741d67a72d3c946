import type { IncomingMessage } from 'node:http';

import express, { type RequestHandler } from 'express';

import { HostileInputException, jsonDepthExceeds, MAX_JSON_DEPTH } from './hostile-input';

/**
 * The API's JSON body parser. It replaces Nest's (same name, so Nest does not add its own) to check the nesting
 * depth on the raw bytes before JSON.parse runs, and it keeps the raw bytes for the Stripe signature as Nest's
 * `rawBody: true` does.
 */
export function jsonBodyParser(): RequestHandler {
  return express.json({
    verify: (request: IncomingMessage & { rawBody?: Buffer }, _response, buffer: Buffer) => {
      request.rawBody = buffer;
      if (jsonDepthExceeds(buffer, MAX_JSON_DEPTH)) {
        // body-parser answers an error thrown here with its `status`.
        throw Object.assign(
          new HostileInputException(
            'JSON_TOO_DEEP',
            `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels; no request needs that`,
            { maxDepth: MAX_JSON_DEPTH },
          ),
          { status: 400, expose: true },
        );
      }
    },
  });
}
