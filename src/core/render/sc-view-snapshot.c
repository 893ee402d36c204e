/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-view-snapshot"

#include "config.h"

#include "sc-view-state.h"
#include "sc-view-state-private.h"

static void
snapshot_clear (gpointer data)
{
  ScViewSnapshot *snapshot = data;

  for (guint c = 0; c < snapshot->n_channels; c++)
    g_clear_pointer (&snapshot->channels[c].table, sc_render_table_free);
  g_clear_object (&snapshot->stack);
}

ScViewSnapshot *
_sc_view_snapshot_new (guint n_channels)
{
  ScViewSnapshot *s = g_atomic_rc_box_alloc0 (sizeof (ScViewSnapshot) +
                                              (gsize) n_channels * sizeof (ScSnapshotChannel));

  s->n_channels = n_channels;
  return s;
}

ScViewSnapshot *
sc_view_snapshot_ref (ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  return g_atomic_rc_box_acquire (snapshot);
}

void
sc_view_snapshot_unref (ScViewSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);
  g_atomic_rc_box_release_full (snapshot, snapshot_clear);
}

guint64
sc_view_snapshot_get_serial (const ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);
  return snapshot->serial;
}

ScStack *
sc_view_snapshot_get_stack (const ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  return snapshot->stack;
}

guint
sc_view_snapshot_get_width (const ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);
  return snapshot->width;
}

guint
sc_view_snapshot_get_height (const ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);
  return snapshot->height;
}

guint
sc_view_snapshot_get_n_channels (const ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);
  return snapshot->n_channels;
}

void
sc_view_snapshot_get_position (const ScViewSnapshot *snapshot,
                               guint                *c,
                               guint                *z,
                               guint                *t)
{
  g_return_if_fail (snapshot != NULL);

  if (c != NULL)
    *c = snapshot->channel;
  if (z != NULL)
    *z = snapshot->slice;
  if (t != NULL)
    *t = snapshot->frame;
}

gboolean
sc_view_snapshot_get_composite (const ScViewSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, FALSE);
  return snapshot->composite;
}

const ScRenderParams *
sc_view_snapshot_get_params (const ScViewSnapshot *snapshot,
                             guint                 c)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (c < snapshot->n_channels, NULL);

  return &snapshot->channels[c].params;
}

gboolean
sc_view_snapshot_get_visible (const ScViewSnapshot *snapshot,
                              guint                 c)
{
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (c < snapshot->n_channels, FALSE);

  return snapshot->channels[c].visible;
}

const ScRenderTable *
_sc_view_snapshot_get_table (const ScViewSnapshot *snapshot,
                             guint                 c)
{
  /* The snapshot is immutable but for this one cache, filled once. */
  ScSnapshotChannel *ch = (ScSnapshotChannel *) &snapshot->channels[c];

  g_assert (c < snapshot->n_channels);

  if (g_once_init_enter (&ch->table))
    g_once_init_leave (&ch->table, sc_render_table_new (&ch->params, snapshot->type));
  return ch->table;
}

gboolean
_sc_view_snapshot_shows (const ScViewSnapshot *snapshot,
                         guint                 c)
{
  if (snapshot->composite)
    return snapshot->channels[c].visible;
  return c == snapshot->channel;
}

/* Made by the view state */

static guint64
next_serial (void)
{
  static guint64 serial;
  G_LOCK_DEFINE_STATIC (serial);
  guint64 s;

  G_LOCK (serial);
  s = ++serial;
  G_UNLOCK (serial);
  return s;
}


ScViewSnapshot *
sc_view_state_snapshot (ScViewState *self)
{
  ScViewSnapshot *s;

  g_return_val_if_fail (SC_IS_VIEW_STATE (self), NULL);

  if (self->snapshot != NULL)
    return sc_view_snapshot_ref (self->snapshot);

  if (self->serial == 0)
    self->serial = next_serial ();

  s = _sc_view_snapshot_new (self->n_channels);
  s->stack = g_object_ref (self->stack);
  s->serial = self->serial;
  s->width = sc_stack_get_width (self->stack);
  s->height = sc_stack_get_height (self->stack);
  s->type = sc_stack_get_sample_type (self->stack);
  s->samples_per_pixel = sc_stack_get_samples_per_pixel (self->stack);
  s->channel = self->c;
  s->slice = self->z;
  s->frame = self->t;
  s->composite = self->composite;
  for (guint c = 0; c < self->n_channels; c++)
    {
      ScSnapshotChannel *ch = &s->channels[c];

      ch->params = self->channels[c].params;
      /* whatever the params were given, the snapshot holds the process's own copy */
      if (ch->params.lut != NULL)
        ch->params.lut = sc_render_lut_intern (ch->params.lut);
      ch->visible = self->channels[c].visible;
      ch->plane_index = sc_stack_plane_index (self->stack, c, self->z, self->t);
    }

  self->snapshot = s;
  return sc_view_snapshot_ref (s);
}

/* Another stack in the same looks (the live slab) */

static gboolean
same_looks (const ScViewSnapshot *a,
            const ScViewSnapshot *b)
{
  if (a->stack != b->stack || a->n_channels != b->n_channels || a->channel != b->channel ||
      a->composite != b->composite)
    return FALSE;
  for (guint c = 0; c < a->n_channels; c++)
    {
      const ScSnapshotChannel *x = &a->channels[c], *y = &b->channels[c];

      if (x->visible != y->visible || x->plane_index != y->plane_index ||
          x->params.min != y->params.min || x->params.max != y->params.max ||
          x->params.gamma != y->params.gamma || x->params.log_scale != y->params.log_scale ||
          x->params.colormap != y->params.colormap || x->params.lut != y->params.lut)
        return FALSE;
    }
  return TRUE;
}

ScViewSnapshot *
sc_view_snapshot_new_for_stack (const ScViewSnapshot *from,
                                ScStack              *stack,
                                int                   channel,
                                const double         *ranges,
                                ScViewSnapshot       *previous)
{
  ScViewSnapshot *s;

  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (sc_stack_get_width (stack) == from->width &&
                        sc_stack_get_height (stack) == from->height, NULL);
  g_return_val_if_fail (channel < 0 ? sc_stack_get_n_channels (stack) == from->n_channels
                                    : (guint) channel < from->n_channels, NULL);

  s = _sc_view_snapshot_new (from->n_channels);
  s->stack = g_object_ref (stack);
  s->width = from->width;
  s->height = from->height;
  s->type = sc_stack_get_sample_type (stack);
  s->samples_per_pixel = sc_stack_get_samples_per_pixel (stack);
  s->channel = from->channel;
  s->slice = 0;
  s->frame = 0;
  s->composite = from->composite;
  for (guint c = 0; c < from->n_channels; c++)
    {
      ScSnapshotChannel *ch = &s->channels[c];
      /* the stack's channel that holds channel c's pixels */
      guint k = channel < 0 ? c : 0;

      ch->params = from->channels[c].params;
      ch->visible = from->channels[c].visible;
      ch->plane_index = sc_stack_plane_index (stack, k, 0, 0);
      if (ranges != NULL && (channel < 0 || (guint) channel == c))
        {
          ch->params.min = ranges[2 * k];
          ch->params.max = ranges[2 * k + 1];
        }
    }

  if (previous != NULL && same_looks (s, previous))
    {
      sc_view_snapshot_unref (s);
      return sc_view_snapshot_ref (previous);
    }
  s->serial = next_serial ();
  return s;
}
