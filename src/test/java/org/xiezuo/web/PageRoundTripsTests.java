package org.xiezuo.web;

/** {@link PageRoundTripsContract} on the embedded H2 database. */
class PageRoundTripsTests extends PageRoundTripsContract {
}
