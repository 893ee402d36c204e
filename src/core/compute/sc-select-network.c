/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <string.h>

#include "sc-select-network.h"

/* Each network lives as long as the process: the kernels hold no reference, and there
 * are at most a few per projection (one per rank asked for). */
G_LOCK_DEFINE_STATIC (networks);
static GHashTable *networks;

/* Batcher's odd-even merge sort of size (a power of two) values, as pairs (lower,
 * upper) in the order they run, without those whose upper value lies at n or above:
 * padded with values above all others, those comparators never exchange. */
static GArray *
odd_even_merge_sort (guint size,
                     guint n)
{
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (guint16) * 2);

  for (guint p = 1; p < size; p *= 2)
    for (guint k = p; k >= 1; k /= 2)
      for (guint j = k % p; j + k < size; j += 2 * k)
        for (guint i = 0; i < k && i + j + k < size; i++)
          {
            guint a = i + j, b = i + j + k;

            /* only within the two halves being merged */
            if (a / (2 * p) == b / (2 * p) && b < n)
              {
                guint16 pair[2] = { (guint16) a, (guint16) b };
                g_array_append_val (pairs, pair);
              }
          }
  return pairs;
}

static ScSelectNetwork *
build (guint    n,
       guint    k,
       gboolean need_next)
{
  ScSelectNetwork *net = g_new0 (ScSelectNetwork, 1);
  guint size = 1;
  GArray *all;
  const guint16 (*pairs)[2];
  gboolean *need = g_new0 (gboolean, n);
  guint16 *cx;
  guint kept = 0;
  /* whole groups of 32 from 0, then of 16, then of 8: [begin, end) of each size */
  static const guint sizes[3] = { 32, 16, 8 };
  guint begin[3], end[3], first_cross[3];

  while (size < n)
    size *= 2;
  all = odd_even_merge_sort (size, n);
  pairs = (const guint16 (*)[2]) (gconstpointer) all->data;
  cx = g_new (guint16, 2 * (gsize) MAX (all->len, 1));
  for (guint g = 0; g < 3; g++)
    {
      begin[g] = g == 0 ? 0 : end[g - 1];
      end[g] = begin[g] + (n - begin[g]) / sizes[g] * sizes[g];
      /* the stages that sort each group of the size end where the first comparator
       * joins two */
      for (first_cross[g] = 0; first_cross[g] < all->len; first_cross[g]++)
        if (pairs[first_cross[g]][0] / sizes[g] != pairs[first_cross[g]][1] / sizes[g])
          break;
    }

  /* Backwards from the outputs: a comparator matters where one of its values is needed
   * later, and then both of its inputs are. The kept ones are filled in from the end.
   * Those of the first stages (p < 32) sort each group of 32, (p < 16) of 16, (p < 8)
   * of 8; those of the whole groups are left to the kernels' sorts of the groups; that
   * every value of such a group is then needed is right whether or not the pruning would
   * have kept them all. */
  need[k] = TRUE;
  if (need_next)
    need[k + 1] = TRUE;
  for (guint c = all->len; c-- > 0;)
    {
      gboolean grouped = FALSE;

      for (guint g = 0; g < 3; g++)
        grouped |= c < first_cross[g] && pairs[c][0] >= begin[g] && pairs[c][1] < end[g];
      if (grouped)
        continue;   /* sorting a whole group: the group's sort stands for it */
      if (need[pairs[c][0]] || need[pairs[c][1]])
        {
          need[pairs[c][0]] = need[pairs[c][1]] = TRUE;
          kept++;
          cx[2 * (all->len - kept)] = (guint16) (pairs[c][0] * 32);
          cx[2 * (all->len - kept) + 1] = (guint16) (pairs[c][1] * 32);
        }
    }
  memmove (cx, cx + 2 * (all->len - kept), kept * 2 * sizeof *cx);

  net->n = n;
  net->k = k;
  net->need_next = need_next;
  net->n_groups32 = (end[0] - begin[0]) / 32;
  net->n_groups16 = (end[1] - begin[1]) / 16;
  net->n_groups8 = (end[2] - begin[2]) / 8;
  net->n_cx = kept;
  net->cx = cx;
  g_array_unref (all);
  g_free (need);
  return net;
}

const ScSelectNetwork *
sc_select_network_get (guint    n,
                       guint    k,
                       gboolean need_next)
{
  gpointer key;
  ScSelectNetwork *net;

  g_return_val_if_fail (k < n && (!need_next || k + 1 < n), NULL);
  if (n > SC_SELECT_NETWORK_MAX_N)
    return NULL;

  key = GUINT_TO_POINTER ((n << 10) | (k << 1) | (need_next ? 1u : 0u));
  G_LOCK (networks);
  if (networks == NULL)
    networks = g_hash_table_new (NULL, NULL);
  net = g_hash_table_lookup (networks, key);
  if (net == NULL)
    {
      net = build (n, k, need_next);
      g_hash_table_insert (networks, key, net);
    }
  G_UNLOCK (networks);
  return net;
}
