/** What the whole module shares: {@link dev.weft.http.WeftHttpException}, the root of its exceptions. */
package dev.weft.http;
