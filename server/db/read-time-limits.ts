import mongoose, { type Aggregate, type Connection, type MongooseQueryMiddleware, type Query, type Schema } from 'mongoose';

/**
 * Reads get a server-side time limit (maxTimeMS), set per operation rather than connection-wide: FerretDB enforces it
 * on find, aggregate (countDocuments is one) and findAndModify, but refuses the field on `distinct` ("unknown
 * field"), which mongoose's connection-wide option would add too. The limit is looked up by the query's connection,
 * so stores opened side by side (tests, tools) keep their own, and connections not opened here get none.
 *
 * Mongoose applies its global plugins to a schema when the schema is first compiled into a model, and never again:
 * the models module imports this one, so the plugin is registered before any of its schemas is compiled, on whatever
 * connection and in whatever order the process compiles them (a unit test compiling them first once left every
 * store's reads without their limit).
 */
const readTimeLimits = new WeakMap<Connection, number>();
const TIMED_QUERIES: MongooseQueryMiddleware[] = ['find', 'findOne', 'countDocuments', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete'];

mongoose.plugin((schema: Schema) => {
  schema.pre(TIMED_QUERIES, function (this: Query<unknown, unknown>) {
    const limit = readTimeLimits.get(this.model.db);
    if (limit !== undefined && this.getOptions().maxTimeMS === undefined) this.maxTimeMS(limit);
  });
  schema.pre('aggregate', function (this: Aggregate<unknown>) {
    const limit = readTimeLimits.get(this.model().db);
    if (limit !== undefined && this.options.maxTimeMS === undefined) this.option({ maxTimeMS: limit });
  });
});

/** Reads through `connection` get `ms` as their server-side time limit. */
export function setReadTimeLimit(connection: Connection, ms: number): void {
  readTimeLimits.set(connection, ms);
}
