/** ddb-patterns timeseries (filled by its issue). */
package io.github.ddbpatterns.timeseries;
