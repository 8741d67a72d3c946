import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { ApiErrorBody, ApiException } from './api-error';

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * A database constraint that rejected a write means the service let invalid input through; the database
 * still protected the data, so the user gets a 4xx naming the rule, and we get a warning to add validation.
 */
const DATABASE_RULES: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'This would duplicate an existing record' },
  '23503': { status: 422, code: 'REFERENCE_INVALID', message: 'This refers to a record that does not exist' },
  '23514': { status: 422, code: 'CONSTRAINT_VIOLATED', message: 'The data breaks a rule of the registry' },
  '23P01': { status: 409, code: 'PERIOD_OVERLAP', message: 'The validity period overlaps an existing one' },
  '23502': { status: 422, code: 'VALUE_REQUIRED', message: 'A required value is missing' },
  '22001': { status: 422, code: 'VALUE_TOO_LONG', message: 'A value is longer than allowed' },
  '22003': { status: 422, code: 'VALUE_OUT_OF_RANGE', message: 'A number is out of range' },
  SD001: { status: 409, code: 'DOCUMENT_FINAL', message: 'Final runs and issued documents never change' },
};

function databaseRule(exception: unknown): { status: number; body: ApiErrorBody } | undefined {
  if (typeof exception !== 'object' || exception === null || !('driverError' in exception)) return undefined;
  const driverError = (exception as { driverError: unknown }).driverError;
  if (typeof driverError !== 'object' || driverError === null) return undefined;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  const rule = typeof code === 'string' ? DATABASE_RULES[code] : undefined;
  if (rule === undefined) return undefined;
  const details = typeof constraint === 'string' ? { constraint } : undefined;
  return {
    status: rule.status,
    body: { error: { code: rule.code, message: `${rule.message}.`, details } },
  };
}

/** Maps every error to the contract's body; unknown errors become a 500 without internals. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.answer(exception);
    response.status(status).json(body);
  }

  /**
   * The status and body an error answers, logged as the filter logs it: for the filter itself and for the API's
   * hot-read lane, which answers outside Express and Nest but in the same error shape.
   */
  answer(exception: unknown): { status: number; body: ApiErrorBody } {
    const answer = this.toBody(exception);
    if (answer.status < 500 && databaseRule(exception) !== undefined)
      this.logger.warn(`Database rule caught input the service did not validate: ${String(exception)}`);
    if (answer.status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    return answer;
  }

  private toBody(exception: unknown): { status: number; body: ApiErrorBody } {
    // Nest wraps an error a body parser's `verify` threw (JSON_TOO_DEEP) in an HttpException: answer the original.
    if (exception instanceof HttpException && exception.cause instanceof ApiException)
      return this.toBody(exception.cause);
    if (exception instanceof ApiException) {
      return {
        status: exception.status,
        body: { error: { code: exception.code, message: exception.message, details: exception.details } },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'error' in response) {
        const error = (response as { error: unknown }).error;
        if (typeof error === 'object' && error !== null && 'code' in error)
          return { status, body: response as ApiErrorBody };
      }
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? String((response as { message: unknown }).message)
          : exception.message;
      return { status, body: { error: { code: STATUS_CODES[status] ?? `HTTP_${status}`, message } } };
    }
    const fromDatabase = databaseRule(exception);
    if (fromDatabase !== undefined) return fromDatabase;
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: {
        error: { code: 'INTERNAL', message: 'Something went wrong on our side; the error has been logged.' },
      },
    };
  }
}
