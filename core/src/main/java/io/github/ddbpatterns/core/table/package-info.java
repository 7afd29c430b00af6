/**
 * Tables that explain themselves: {@link io.github.ddbpatterns.core.table.TableLayout} (the keys, indexes, TTL and
 * stream a repository needs, printable as CloudFormation or Terraform), {@link
 * io.github.ddbpatterns.core.table.TableRepository} (what every repository offers: its layout, {@code createTable},
 * {@code verifyTable}), {@link io.github.ddbpatterns.core.table.TableLayoutException} and {@link
 * io.github.ddbpatterns.core.table.TableTtl}.
 */
@NullMarked
package io.github.ddbpatterns.core.table;

import org.jspecify.annotations.NullMarked;
