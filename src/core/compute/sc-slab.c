/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-slab"

#include "config.h"

#include "sc-histogram.h"
#include "sc-parallel.h"
#include "sc-projection.h"
#include "sc-slab.h"

/* ImageJ's default saturation for the auto contrast of an SD slab. */
#define SATURATED_PERCENT 0.35

void
sc_slab_free (ScSlab *slab)
{
  if (slab == NULL)
    return;
  g_clear_object (&slab->stack);
  g_free (slab->ranges);
  g_free (slab);
}

void
sc_slab_get_planes (guint  n_slices,
                    guint  z,
                    guint  thickness,
                    guint *first,
                    guint *last)
{
  guint half = MAX (thickness, 1) / 2;

  g_return_if_fail (n_slices > 0 && first != NULL && last != NULL);

  z = MIN (z, n_slices - 1);
  *first = z >= half ? z - half : 0;
  *last = MIN ((guint64) z + half, (guint64) n_slices - 1);
}

/* The data's own range of each channel of the slab: its values (standard deviations) say
 * nothing of the stack's display range. */
static double *
auto_ranges (ScStack  *stack,
             GError  **error)
{
  guint nc = sc_stack_get_n_channels (stack);
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  ScSampleType type = sc_stack_get_sample_type (stack);
  gsize stride = sc_stack_get_row_stride (stack);
  g_autofree double *ranges = g_new0 (double, 2 * nc);
  g_autofree guint8 *plane = g_malloc (stride * h);

  for (guint c = 0; c < nc; c++)
    {
      g_autoptr(ScHistogram) hist = NULL;
      double lo = 0, hi = 0;

      if (!sc_stack_read_rows (stack, sc_stack_plane_index (stack, c, 0, 0), 0, h, plane, error))
        return NULL;
      if (!sc_plane_get_range (type, plane, stride, 1, w, h, &lo, &hi))
        lo = hi = 0;
      hist = sc_histogram_new_for_type (type, lo, hi > lo ? hi : lo + 1);
      sc_histogram_add (hist, plane, stride, 1, w, h);
      if (!sc_histogram_auto_contrast (hist, SATURATED_PERCENT, &ranges[2 * c], &ranges[2 * c + 1])
          || ranges[2 * c + 1] <= ranges[2 * c])
        {
          ranges[2 * c] = lo;
          ranges[2 * c + 1] = hi > lo ? hi : lo + 1;
        }
    }
  return g_steal_pointer (&ranges);
}

ScSlab *
sc_slab_project (ScStack             *stack,
                 ScProjectionMethod   method,
                 guint                first,
                 guint                last,
                 guint                frame,
                 int                  channel,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(ScProjection) projection = NULL;
  g_autoptr(ScSlab) slab = NULL;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (first <= last, NULL);

  projection = sc_projection_new (stack, method);
  sc_projection_set_slices (projection, first, last, 1);
  sc_projection_set_frame (projection, (int) frame);
  sc_projection_set_channel (projection, channel);
  /* only the result matters: bands of rows through all planes, read in place, on every
   * thread */
  sc_projection_set_progressive (projection, FALSE);
  sc_projection_set_zero_copy (projection, TRUE);
  sc_projection_set_n_threads (projection, 0);

  slab = g_new0 (ScSlab, 1);
  slab->method = method;
  slab->first = first;
  slab->last = last;
  slab->frame = frame;
  slab->channel = channel;
  slab->stack = sc_projection_run (projection, cancellable, error);
  if (slab->stack == NULL)
    return NULL;
  if (method == SC_PROJECTION_SD)
    {
      slab->ranges = auto_ranges (slab->stack, error);
      if (slab->ranges == NULL)
        return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&slab);
}

typedef struct {
  ScStack            *stack;
  ScProjectionMethod  method;
  guint               first, last, frame;
  int                 channel;
} SlabJob;

static void
slab_job_free (SlabJob *job)
{
  g_clear_object (&job->stack);
  g_free (job);
}

static void
slab_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlabJob *job = task_data;
  GError *error = NULL;
  ScSlab *slab;

  sc_parallel_lower_thread ();
  slab = sc_slab_project (job->stack, job->method, job->first, job->last, job->frame,
                          job->channel, cancellable, &error);
  if (slab == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, slab, (GDestroyNotify) sc_slab_free);
}

void
sc_slab_project_async (ScStack             *stack,
                       ScProjectionMethod   method,
                       guint                first,
                       guint                last,
                       guint                frame,
                       int                  channel,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlabJob *job;

  g_return_if_fail (SC_IS_STACK (stack));
  g_return_if_fail (first <= last);

  job = g_new0 (SlabJob, 1);
  job->stack = g_object_ref (stack);
  job->method = method;
  job->first = first;
  job->last = last;
  job->frame = frame;
  job->channel = channel;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_slab_project_async);
  /* a slab cancelled on its way back is never handed over */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) slab_job_free);
  g_task_run_in_thread (task, slab_thread);
}

ScSlab *
sc_slab_project_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sc_slab_project_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
