/** The HTTP server and web framework: apps, routes, requests, responses, middleware. */
package dev.weft.http.server;
