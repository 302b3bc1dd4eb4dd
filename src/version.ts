/** The version of Coulisse and of its HTTP API, in one place for the server, the CLI and the OpenAPI document. */
export const VERSION = '0.1.0';
