/**
 * Type-level readers of a `paths` interface generated from an OpenAPI document
 * (src/generated/): which paths take which method, and for one operation its parameters, its
 * body and its successful answer. Nothing here exists at run time.
 */

/** The methods the clients call, as the generated types spell them. */
export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The paths of `Paths` that answer `M`. */
export type PathsWith<Paths, M extends Method> = {
  [P in keyof Paths]: Paths[P] extends { readonly [K in M]?: infer O } ? ([NonNullable<O>] extends [never] ? never : P) : never;
}[keyof Paths] &
  string;

/** The operation `M` of path `P`. */
export type Operation<Paths, P extends keyof Paths, M extends Method> = Paths[P] extends { readonly [K in M]?: infer O } ? NonNullable<O> : never;

type ParametersOf<O> = O extends { readonly parameters: infer Parameters } ? Parameters : never;

/** The path parameters of an operation (`{ customerId: string }`), or undefined when it has none. */
export type PathParameters<O> = ParametersOf<O> extends { readonly path?: infer Path } ? ([Path] extends [never] ? undefined : Path) : undefined;

/** The query parameters of an operation, or undefined when it takes none. */
export type QueryParameters<O> = ParametersOf<O> extends { readonly query?: infer Query } ? ([Query] extends [never] ? undefined : Query) : undefined;

type ContentOf<R> = R extends { readonly content?: infer Content } ? NonNullable<Content> : never;

/** The body an operation takes: JSON as its schema says, or a text (documents posted as `text/plain`); undefined when none. */
export type RequestBody<O> = O extends { readonly requestBody?: infer Body }
  ? [NonNullable<Body>] extends [never]
    ? undefined
    : ContentOf<NonNullable<Body>> extends { readonly 'application/json': infer Json }
      ? Json
      : ContentOf<NonNullable<Body>> extends { readonly 'text/plain': infer Text }
        ? Text
        : undefined
  : undefined;

/** The HTTP status codes of a success. */
export type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;

type AnswerOf<R> = [ContentOf<R>] extends [never]
  ? undefined
  : ContentOf<R> extends { readonly 'application/json': infer Json }
    ? Json
    : ContentOf<R> extends { readonly [type: string]: infer Other }
      ? Other
      : undefined;

/** What a success of the operation answers: its JSON body, its text, or undefined (204). */
export type SuccessAnswer<O> = O extends { readonly responses: infer Responses }
  ? { [S in keyof Responses]: S extends SuccessStatus ? AnswerOf<Responses[S]> : never }[keyof Responses]
  : never;

/** Query parameters as a caller gives them: an optional one may also be given as undefined (left out of the URL). */
type GivenQuery<Query> = Query extends undefined ? undefined : { readonly [K in keyof Query]: K extends OptionalKeys<Query> ? Query[K] | undefined : Query[K] };

/** Keys of `T` that may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? K : never }[keyof T];

/** Keys of `T` that must be given. */
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/** What a call of the operation carries besides its path: the path's parameters, the query, the body. */
export type CallOptions<O> = {
  readonly path: PathParameters<O>;
  readonly query?: GivenQuery<QueryParameters<O>>;
  readonly body: RequestBody<O>;
  /** More request headers (the client's credentials are set already). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
} extends infer Options
  ? { [K in keyof Options as K extends RequiredKeys<Options> ? K : never]: Options[K] } & {
      [K in keyof Options as K extends RequiredKeys<Options> ? never : K]?: Options[K];
    }
  : never;

/** The options argument: required when the operation has path parameters or a body, else optional. */
export type CallArguments<O> = [RequiredKeys<CallOptions<O>>] extends [never] ? [options?: CallOptions<O>] : [options: CallOptions<O>];
