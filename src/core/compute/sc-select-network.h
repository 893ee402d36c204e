/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Comparison networks for the order-statistics kernels (sc-select-kernels.c): private
 * to them and their tests.
 *
 * A network is the list of compare-exchanges of Batcher's odd-even merge sort of n
 * values (padded to a power of two with values above all others, whose comparators are
 * dropped), pruned to those that decide the values of rank k and, where need_next,
 * k + 1. Run on lanes side by side it costs the same for any data: about 445
 * compare-exchanges for the median of 64 values, against the bitwise select's one
 * compare a value for each bit in which they differ (33 passes of 64 for noisy floats).
 * Running a comparator that the pruning dropped changes nothing that a kept one reads,
 * so any sort of the groups of 8 may stand for the network's first stages. */

#define SC_SELECT_NETWORK_MAX_N 256

typedef struct {
  guint    n;
  guint    k;
  gboolean need_next;
  /* The network's first compare-exchanges sort each whole group of 32 values (32g to
   * 32g + 31, for g < n / 32) on its own, then of what is left after those each whole
   * group of 16 (at most one, from 32 n_groups32), then each whole group of 8 (at most
   * one, after those): the kernels sort those groups, mostly in registers, and cx holds
   * the rest. */
  guint    n_groups32;
  guint    n_groups16;
  guint    n_groups8;
  guint    n_cx;     /* compare-exchanges after those sorts */
  /* For each, the byte offsets of its lower and upper value in an array of 32-byte
   * vectors (halve them for 16-byte ones): min to the lower, max to the upper. */
  const guint16 *cx;
} ScSelectNetwork;

/* The network for n values and rank k (and k + 1), built once and kept for the rest of
 * the process; NULL where n > SC_SELECT_NETWORK_MAX_N. Thread-safe. */
const ScSelectNetwork *sc_select_network_get (guint    n,
                                              guint    k,
                                              gboolean need_next);

G_END_DECLS
