/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-page-private.h"
#include "sc-parallel.h"

/* The values under the pointer, read by a worker one row at a time: while one read runs,
 * the pointer may move on, and the read for where it is then follows. */

static char *
format_value (double   v,
              gboolean integer)
{
  if (integer)
    return g_strdup_printf ("%.0f", v);
  return g_strdup_printf ("%.6g", v);
}

typedef struct {
  ScStack  *stack;        /* the page's, or the live slab shown (sc-page-slab.c) */
  guint     x, y, z, t, c;
  guint     read_z, read_t; /* the plane of stack read: (z, t), or the slab's (0, 0) */
  guint     offset;       /* the view's channel of the stack's channel 0 */
  char     *slab_label;   /* the slab's planes, or NULL for the plane */
  gboolean  composite;
  guint     n_values;
  double   *values;       /* RGB samples, or one value per channel read */
  gboolean *wanted;
} ReadoutJob;

static void
readout_job_free (ReadoutJob *job)
{
  g_clear_object (&job->stack);
  g_free (job->slab_label);
  g_free (job->values);
  g_free (job->wanted);
  g_free (job);
}

static void
readout_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadoutJob *job = task_data;
  ScSampleType type = sc_stack_get_sample_type (job->stack);
  guint spp = sc_stack_get_samples_per_pixel (job->stack);
  g_autofree guint8 *row = g_malloc (sc_stack_get_row_stride (job->stack));
  guint nc = sc_stack_get_n_channels (job->stack);

  sc_parallel_lower_thread ();
  for (guint c = 0; c < nc; c++)
    {
      GError *error = NULL;

      if (!job->wanted[c + job->offset])
        continue;
      if (!sc_stack_read_rows (job->stack,
                               sc_stack_plane_index (job->stack, c, job->read_z, job->read_t),
                               job->y, 1, row, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (spp >= 3)
        for (guint s = 0; s < 3; s++)
          job->values[s] = sc_sample_value (type, row, (gsize) job->x * spp + s);
      else
        job->values[c + job->offset] = sc_sample_value (type, row, job->x);
    }
  g_task_return_boolean (task, TRUE);
}

static char *
position_text (ScPage     *self,
               guint       x,
               guint       y,
               const char *slab_label)
{
  ScStack *stack = self->stack;
  ScViewState *vs = self->view_state;
  const ScCalibration *cal = sc_stack_get_calibration (stack);
  const char *unit = sc_calibration_unit_symbol (cal->unit);
  guint nc = sc_stack_get_n_channels (stack);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "x %u  y %u", x, y);
  if (unit && cal->pixel_width > 0)
    g_string_append_printf (s, "  (%.3f, %.3f %s)", x * cal->pixel_width,
                            y * (cal->pixel_height > 0 ? cal->pixel_height : cal->pixel_width), unit);
  if (slab_label != NULL)
    g_string_append_printf (s, "  ·  %s", slab_label);
  else if (sc_stack_get_n_slices (stack) > 1)
    g_string_append_printf (s, "  ·  z %u/%u", sc_view_state_get_slice (vs) + 1,
                            sc_stack_get_n_slices (stack));
  if (nc > 1 && !sc_view_state_get_composite (vs))
    g_string_append_printf (s, "  ·  c %u/%u", sc_view_state_get_channel (vs) + 1, nc);
  if (sc_stack_get_n_frames (stack) > 1)
    g_string_append_printf (s, "  ·  t %u/%u", sc_view_state_get_frame (vs) + 1,
                            sc_stack_get_n_frames (stack));
  return g_string_free (s, FALSE);
}

static void
show_values (ScPage     *self,
             ReadoutJob *job)
{
  g_autofree char *position = position_text (self, job->x, job->y, job->slab_label);
  gboolean integer = sc_sample_type_is_integer (sc_stack_get_sample_type (job->stack));
  GString *s = g_string_new (position);

  if (sc_stack_get_samples_per_pixel (self->stack) >= 3)
    g_string_append_printf (s, "  ·  RGB %g, %g, %g", job->values[0], job->values[1],
                            job->values[2]);
  else if (job->composite)
    {
      gboolean first = TRUE;

      g_string_append (s, "  ·  ");
      g_string_append (s, _("values"));
      for (guint c = 0; c < job->n_values; c++)
        {
          g_autofree char *v = NULL;

          if (!job->wanted[c])
            continue;
          v = format_value (job->values[c], integer);
          g_string_append_printf (s, "%s %s", first ? "" : ",", v);
          first = FALSE;
        }
    }
  else
    {
      g_autofree char *v = format_value (job->values[job->c], integer);

      g_string_append_printf (s, "  ·  %s %s", _("value"), v);
    }
  _sc_page_set_readout (self, s->str);
  g_string_free (s, TRUE);
}

/* What the page shows: its stack, or the slab in its place. */
static ScStack *
shown_stack (ScPage      *self,
             int         *slab_channel,
             const char **slab_label)
{
  ScStack *slab = _sc_page_slab_get_shown (self->slab, slab_channel, slab_label);

  return slab != NULL ? slab : self->stack;
}

static gboolean
job_is_current (ScPage     *self,
                ReadoutJob *job)
{
  ScViewState *vs = self->view_state;

  /* (the pointer may have left the image since: then x or y is negative) */
  return job->stack == shown_stack (self, NULL, NULL) && self->pointer_x >= 0 && self->pointer_y >= 0 &&
         job->x == (guint) self->pointer_x && job->y == (guint) self->pointer_y &&
         job->z == sc_view_state_get_slice (vs) &&
         job->t == sc_view_state_get_frame (vs) && job->c == sc_view_state_get_channel (vs) &&
         job->composite == sc_view_state_get_composite (vs);
}

static void
readout_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ScPage *self = SC_PAGE (object);
  ReadoutJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->view_state == NULL)
    return;
  self->readout_running = FALSE;
  if (!job_is_current (self, job))
    {
      _sc_page_readout_update (self);
      return;
    }
  if (ok)
    show_values (self, job);
}

void
_sc_page_readout_update (ScPage *self)
{
  g_autoptr(GTask) task = NULL;
  ScViewState *vs = self->view_state;
  ReadoutJob *job;
  guint w, h, nc;
  int slab_channel = -1;
  const char *slab_label = NULL;

  if (vs == NULL || self->readout_running)
    return;

  w = sc_stack_get_width (self->stack);
  h = sc_stack_get_height (self->stack);
  if (self->pointer_x < 0 || self->pointer_y < 0 || self->pointer_x >= w || self->pointer_y >= h)
    {
      g_autofree char *text =
        g_strdup_printf (_("%u × %u pixels — point at the image to read values, scroll for "
                           "the next plane, drag to pan, Ctrl+scroll to zoom, click for a "
                           "profile"), w, h);
      _sc_page_set_readout (self, text);
      return;
    }

  nc = sc_stack_get_n_channels (self->stack);
  job = g_new0 (ReadoutJob, 1);
  job->stack = g_object_ref (shown_stack (self, &slab_channel, &slab_label));
  job->x = (guint) self->pointer_x;
  job->y = (guint) self->pointer_y;
  job->z = job->read_z = sc_view_state_get_slice (vs);
  job->t = job->read_t = sc_view_state_get_frame (vs);
  if (job->stack != self->stack)
    {
      job->read_z = job->read_t = 0;
      job->offset = slab_channel >= 0 ? (guint) slab_channel : 0;
      job->slab_label = g_strdup (slab_label);
    }
  job->c = sc_view_state_get_channel (vs);
  job->composite = sc_view_state_get_composite (vs) && nc > 1;
  job->n_values = MAX (nc, 3);
  job->values = g_new0 (double, job->n_values);
  job->wanted = g_new0 (gboolean, job->n_values);
  for (guint c = 0; c < nc; c++)
    job->wanted[c] = job->composite ? sc_view_state_get_visible (vs, c) : c == job->c;

  self->readout_running = TRUE;
  task = g_task_new (self, self->cancellable, readout_done, NULL);
  g_task_set_source_tag (task, _sc_page_readout_update);
  g_task_set_task_data (task, job, (GDestroyNotify) readout_job_free);
  g_task_run_in_thread (task, readout_thread);
}

static void
pointer_moved_cb (ScPage *self,
                  double  x,
                  double  y)
{
  self->pointer_x = x;
  self->pointer_y = y;
  _sc_page_readout_update (self);
}

void
_sc_page_readout_init (ScPage *self)
{
  g_signal_connect_object (self->plane_view, "pointer-moved", G_CALLBACK (pointer_moved_cb), self,
                           G_CONNECT_SWAPPED);
}
