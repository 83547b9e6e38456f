/**
 * Structured concurrency on virtual threads: Trio's nurseries and cancel scopes, asyncio's helpers.
 */
module dev.weft.core {
    exports dev.weft.core;
}
