/**
 * The store's errors. They extend {@link BatonError} like every other baton error and carry their data, so the
 * CLI can word them and map them to exit codes. (They live here, beside the store, while src/errors.ts is
 * being edited by others; they can move there unchanged.)
 */
import { BatonError } from '../errors.js';

/** The database cannot be used: the SQLite binding failed to load, or the file is not a baton database. */
export class StoreUnavailableError extends BatonError {
  override name = 'StoreUnavailableError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(`cannot use the run database ${file}: ${message}`, options);
  }
}

/** A read-only open of a database that does not exist: there is nothing to read, and reading must not create it. */
export class StoreMissingError extends BatonError {
  override name = 'StoreMissingError';
  constructor(readonly file: string) {
    super(`no run database at ${file}: no run has been started here`);
  }
}

/**
 * The database, or an event in it, was written by a newer baton: reading it with this one could misread it, and
 * writing to it could damage it.
 */
export class StoreVersionError extends BatonError {
  override name = 'StoreVersionError';
  constructor(
    readonly file: string,
    readonly what: 'schema' | 'event',
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${file}: ${what} version ${found} is newer than this baton supports (${supported}); upgrade baton to use it`,
    );
  }
}

/** An operation named a run that the database does not hold. */
export class UnknownRunError extends BatonError {
  override name = 'UnknownRunError';
  constructor(readonly run: string) {
    super(`no run ${run} in the run database`);
  }
}

/** `createRun` with an id that is already taken. */
export class RunExistsError extends BatonError {
  override name = 'RunExistsError';
  constructor(readonly run: string) {
    super(`a run with id ${run} already exists`);
  }
}
