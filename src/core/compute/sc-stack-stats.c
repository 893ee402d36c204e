/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-stack-stats"

#include "config.h"

#include <math.h>

#include "sc-parallel.h"
#include "sc-stack-stats.h"

/* The sync functions run on the calling thread, spreading planes over the persistent
 * pool where there are several; each _async twin runs its sync function in a GTask
 * thread, which takes part in those loops while the pool's threads help. */

/* Planes are read in place where the stack maps them, else into a buffer of the
 * worker's own. */
typedef struct {
  ScStack      *stack;
  ScSampleType  type;
  guint         width;
  guint         height;
  gsize         stride;
  guint         spp;
  guint         n_workers;
  guint8      **buffers;   /* per worker slot, allocated on first use */
  gsize        *buffer_sizes;
  GMutex        error_lock;
  GError       *error;
} Reader;

static void
reader_init (Reader  *r,
             ScStack *stack)
{
  r->stack = stack;
  r->type = sc_stack_get_sample_type (stack);
  r->width = sc_stack_get_width (stack);
  r->height = sc_stack_get_height (stack);
  r->stride = sc_stack_get_row_stride (stack);
  r->spp = sc_stack_get_samples_per_pixel (stack);
  r->n_workers = sc_parallel_get_max_workers (0);
  r->buffers = g_new0 (guint8 *, r->n_workers);
  r->buffer_sizes = g_new0 (gsize, r->n_workers);
  g_mutex_init (&r->error_lock);
  r->error = NULL;
}

static void
reader_clear (Reader *r)
{
  for (guint i = 0; i < r->n_workers; i++)
    g_free (r->buffers[i]);
  g_free (r->buffers);
  g_free (r->buffer_sizes);
  g_mutex_clear (&r->error_lock);
  g_clear_error (&r->error);
}

/* Rows y0 .. y0 + n_rows - 1 of plane index; NULL with the reader's error set. */
static gconstpointer
reader_get_rows (Reader *r,
                 guint   worker,
                 guint   index,
                 guint   y0,
                 guint   n_rows)
{
  gconstpointer data = sc_stack_peek_rows (r->stack, index, y0, n_rows);
  GError *error = NULL;

  if (data != NULL)
    return data;
  if (r->buffer_sizes[worker] < n_rows * r->stride)
    {
      g_free (r->buffers[worker]);
      r->buffers[worker] = g_malloc (n_rows * r->stride);
      r->buffer_sizes[worker] = n_rows * r->stride;
    }
  if (sc_stack_read_rows (r->stack, index, y0, n_rows, r->buffers[worker], &error))
    return r->buffers[worker];

  g_mutex_lock (&r->error_lock);
  if (r->error == NULL)
    r->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&r->error_lock);
  return NULL;
}

/* After a loop: the first error of an item, or the cancellation that stopped it. */
static gboolean
reader_finish_loop (Reader        *r,
                    gboolean       completed,
                    GCancellable  *cancellable,
                    GError       **error)
{
  if (r->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  if (!completed)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_assert_not_reached ();
      return FALSE;
    }
  /* rows read in place from a file cut short since are zeros, not the file's */
  return sc_stack_check_peeked (r->stack, error);
}

/* The bins for other than 8/16-bit integers: 4096 over [lo, hi], the top value in the
 * last bin, 0..1 where there is no value at all. */
static ScHistogram *
new_histogram (ScSampleType type,
               gboolean     have_range,
               double       lo,
               double       hi)
{
  if (sc_sample_type_has_exact_bins (type))
    return sc_histogram_new_for_type (type, 0, 1);
  if (!have_range)
    lo = 0, hi = 1;
  if (hi <= lo)
    hi = lo + 1;
  hi += (hi - lo) * 1e-6;
  return sc_histogram_new_for_type (type, lo, hi);
}

/* ---- One plane ---- */

ScHistogram *
sc_stack_stats_plane_histogram (ScStack       *stack,
                                guint          index,
                                GCancellable  *cancellable,
                                GError       **error)
{
  Reader r;
  gconstpointer data;
  ScHistogram *hist = NULL;
  double lo = 0, hi = 1;
  gboolean have_range = FALSE;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (index < sc_stack_get_n_planes (stack), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  reader_init (&r, stack);
  data = reader_get_rows (&r, 0, index, 0, r.height);
  if (data != NULL)
    {
      if (!sc_sample_type_has_exact_bins (r.type))
        have_range = sc_plane_get_range (r.type, data, r.stride, r.spp, r.width, r.height,
                                         &lo, &hi);
      hist = new_histogram (r.type, have_range, lo, hi);
      sc_histogram_add (hist, data, r.stride, r.spp, r.width, r.height);
    }
  else
    g_propagate_error (error, g_steal_pointer (&r.error));
  reader_clear (&r);
  if (hist != NULL && !sc_stack_check_peeked (stack, error))
    g_clear_pointer (&hist, sc_histogram_free);
  return hist;
}

/* ---- Every plane of a channel ---- */

typedef struct {
  Reader         reader;
  guint          c;
  guint          n_slices;
  gboolean       counting;   /* FALSE: the range pass */
  double        *lo;         /* per plane; NAN where it has no value */
  double        *hi;
  double        *sums;       /* per plane, for a sum in plane order */
  ScHistogram  **hists;      /* per worker slot */
  gboolean       have_range;
  double         range_lo;
  double         range_hi;
} ChannelJob;

static gboolean
channel_item (guint    item,
              guint    worker,
              gpointer user_data)
{
  ChannelJob *job = user_data;
  Reader *r = &job->reader;
  guint z = item % job->n_slices, t = item / job->n_slices;
  guint index = sc_stack_plane_index (r->stack, job->c, z, t);
  gconstpointer data = reader_get_rows (r, worker, index, 0, r->height);
  ScHistogram *hist;
  double sum;

  if (data == NULL)
    return FALSE;

  if (!job->counting)
    {
      if (!sc_plane_get_range (r->type, data, r->stride, r->spp, r->width, r->height,
                               &job->lo[item], &job->hi[item]))
        job->lo[item] = job->hi[item] = NAN;
      return TRUE;
    }

  if (job->hists[worker] == NULL)
    job->hists[worker] = new_histogram (r->type, job->have_range, job->range_lo, job->range_hi);
  hist = job->hists[worker];
  if (sc_sample_type_has_exact_bins (r->type))
    {
      /* Exact bins sum exactly, in any order. */
      sc_histogram_add (hist, data, r->stride, r->spp, r->width, r->height);
      return TRUE;
    }
  /* The plane's own sum, so that the total adds the planes in order whichever worker
   * counted them. */
  sum = hist->sum;
  hist->sum = 0;
  sc_histogram_add (hist, data, r->stride, r->spp, r->width, r->height);
  job->sums[item] = hist->sum;
  hist->sum = sum + hist->sum;
  return TRUE;
}

static void
channel_range (ChannelJob *job,
               guint       n_planes)
{
  job->have_range = FALSE;
  job->range_lo = G_MAXDOUBLE;
  job->range_hi = -G_MAXDOUBLE;
  for (guint i = 0; i < n_planes; i++)
    if (!isnan (job->lo[i]))
      {
        job->have_range = TRUE;
        job->range_lo = MIN (job->range_lo, job->lo[i]);
        job->range_hi = MAX (job->range_hi, job->hi[i]);
      }
}

/* The workers' histograms in one, the sum in plane order where it is not exact. */
static ScHistogram *
channel_merge (ChannelJob *job,
               guint       n_planes)
{
  Reader *r = &job->reader;
  ScHistogram *hist = NULL;

  for (guint i = 0; i < r->n_workers; i++)
    if (job->hists[i] != NULL)
      {
        if (hist == NULL)
          hist = g_steal_pointer (&job->hists[i]);
        else
          {
            sc_histogram_merge (hist, job->hists[i]);
            g_clear_pointer (&job->hists[i], sc_histogram_free);
          }
      }
  if (hist == NULL)
    hist = new_histogram (r->type, job->have_range, job->range_lo, job->range_hi);
  else if (!sc_sample_type_has_exact_bins (r->type))
    {
      hist->sum = 0;
      for (guint i = 0; i < n_planes; i++)
        hist->sum += job->sums[i];
    }
  return hist;
}

ScHistogram *
sc_stack_stats_channel_histogram (ScStack       *stack,
                                  guint          c,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  ChannelJob job = { 0 };
  ScHistogram *hist = NULL;
  guint n_planes;
  gboolean ok = TRUE;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (c < sc_stack_get_n_channels (stack), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  reader_init (&job.reader, stack);
  job.c = c;
  job.n_slices = sc_stack_get_n_slices (stack);
  n_planes = job.n_slices * sc_stack_get_n_frames (stack);
  job.hists = g_new0 (ScHistogram *, job.reader.n_workers);
  job.sums = g_new0 (double, n_planes);

  /* Other than 8/16-bit integers: the range first, then the counts. */
  if (!sc_sample_type_has_exact_bins (job.reader.type))
    {
      job.lo = g_new (double, n_planes);
      job.hi = g_new (double, n_planes);
      ok = reader_finish_loop (&job.reader,
                               sc_parallel_for_full (n_planes, 0, channel_item, &job, cancellable),
                               cancellable, error);
      if (ok)
        channel_range (&job, n_planes);
    }
  if (ok)
    {
      job.counting = TRUE;
      ok = reader_finish_loop (&job.reader,
                               sc_parallel_for_full (n_planes, 0, channel_item, &job, cancellable),
                               cancellable, error);
    }
  if (ok)
    hist = channel_merge (&job, n_planes);

  for (guint i = 0; i < job.reader.n_workers; i++)
    g_clear_pointer (&job.hists[i], sc_histogram_free);
  g_free (job.hists);
  g_free (job.sums);
  g_free (job.lo);
  g_free (job.hi);
  reader_clear (&job.reader);
  return hist;
}

/* ---- Profiles ---- */

typedef struct {
  Reader         reader;
  guint          c, z, t, x, y;
  ScProfileAxis  axis;
  double        *values;
} ProfileJob;

static gboolean
profile_item (guint    item,
              guint    worker,
              gpointer user_data)
{
  ProfileJob *job = user_data;
  Reader *r = &job->reader;
  gboolean along_t = job->axis == SC_PROFILE_ALONG_T;
  guint index = sc_stack_plane_index (r->stack, job->c, along_t ? job->z : item,
                                      along_t ? item : job->t);
  gconstpointer row = reader_get_rows (r, worker, index, job->y, 1);

  if (row == NULL)
    return FALSE;
  job->values[item] = sc_plane_get_value (r->type, row, r->stride, r->spp, job->x, 0, 0);
  return TRUE;
}

double *
sc_stack_stats_profile (ScStack       *stack,
                        guint          c,
                        guint          z,
                        guint          t,
                        guint          x,
                        guint          y,
                        ScProfileAxis  axis,
                        guint         *n_values,
                        GCancellable  *cancellable,
                        GError       **error)
{
  ProfileJob job = { 0 };
  guint n;
  gboolean ok;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (c < sc_stack_get_n_channels (stack), NULL);
  g_return_val_if_fail (z < sc_stack_get_n_slices (stack), NULL);
  g_return_val_if_fail (t < sc_stack_get_n_frames (stack), NULL);
  g_return_val_if_fail (x < sc_stack_get_width (stack), NULL);
  g_return_val_if_fail (y < sc_stack_get_height (stack), NULL);
  g_return_val_if_fail (axis == SC_PROFILE_ALONG_Z || axis == SC_PROFILE_ALONG_T, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_values != NULL)
    *n_values = 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  n = axis == SC_PROFILE_ALONG_T ? sc_stack_get_n_frames (stack) : sc_stack_get_n_slices (stack);
  reader_init (&job.reader, stack);
  job.c = c;
  job.z = z;
  job.t = t;
  job.x = x;
  job.y = y;
  job.axis = axis;
  job.values = g_new0 (double, n);
  ok = reader_finish_loop (&job.reader,
                           sc_parallel_for_full (n, 0, profile_item, &job, cancellable),
                           cancellable, error);
  reader_clear (&job.reader);
  if (!ok)
    {
      g_free (job.values);
      return NULL;
    }
  if (n_values != NULL)
    *n_values = n;
  return job.values;
}

/* ---- Every plane, summed up ---- */

gboolean
sc_stack_stats_summary (ScStack       *stack,
                        double        *min,
                        double        *max,
                        double        *mean,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(ScHistogram) hist = NULL;
  gboolean ok = TRUE;
  Reader r;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reader_init (&r, stack);
  /* Only the histogram's extremes, sum and count are wanted, which need no range pass
   * for the bins. */
  hist = new_histogram (r.type, FALSE, 0, 1);
  for (guint i = 0; ok && i < sc_stack_get_n_planes (stack); i++)
    {
      gconstpointer data;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else if ((data = reader_get_rows (&r, 0, i, 0, r.height)) == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&r.error));
          ok = FALSE;
        }
      else
        sc_histogram_add (hist, data, r.stride, r.spp, r.width, r.height);
    }
  reader_clear (&r);
  if (ok)
    ok = sc_stack_check_peeked (stack, error);
  if (!ok)
    return FALSE;

  if (min != NULL)
    *min = hist->data_min;
  if (max != NULL)
    *max = hist->data_max;
  if (mean != NULL)
    *mean = hist->total > 0 ? hist->sum / hist->total : NAN;
  return TRUE;
}

/* ---- Auto range ---- */

gboolean
sc_stack_stats_auto_range (const ScHistogram *hist,
                           double            *min,
                           double            *max)
{
  g_return_val_if_fail (min != NULL && max != NULL, FALSE);

  if (hist == NULL || !sc_histogram_auto_contrast (hist, 0.35, min, max))
    return FALSE;
  if (*max <= *min)
    *max = *min + 1;
  return TRUE;
}

/* ---- The _async twins ---- */

typedef ScHistogram *(*HistogramFunc) (ScStack       *stack,
                                       guint          index,
                                       GCancellable  *cancellable,
                                       GError       **error);

typedef struct {
  ScStack       *stack;
  HistogramFunc  histogram;  /* the sync function of a histogram's task */
  guint          index;      /* the plane, or the channel */
  guint          c, z, t, x, y;
  ScProfileAxis  axis;
  guint          n_values;
} StatsTask;

static void
stats_task_free (gpointer data)
{
  StatsTask *st = data;

  g_clear_object (&st->stack);
  g_free (st);
}

static GTask *
stats_task_new (ScStack             *stack,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StatsTask *st = g_new0 (StatsTask, 1);

  st->stack = g_object_ref (stack);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[sc-stack-stats]");
  g_task_set_task_data (task, st, stats_task_free);
  return task;
}

static void
return_histogram (GTask       *task,
                  ScHistogram *hist,
                  GError      *error)
{
  if (hist == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hist, (GDestroyNotify) sc_histogram_free);
}

static void
histogram_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  StatsTask *st = task_data;
  GError *error = NULL;
  ScHistogram *hist;

  sc_parallel_lower_thread ();
  hist = st->histogram (st->stack, st->index, cancellable, &error);

  return_histogram (task, hist, error);
}

static void
histogram_async (ScStack             *stack,
                 guint                index,
                 HistogramFunc        func,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  g_autoptr(GTask) task = stats_task_new (stack, cancellable, callback, user_data, source_tag);
  StatsTask *st = g_task_get_task_data (task);

  st->index = index;
  st->histogram = func;
  g_task_run_in_thread (task, histogram_thread);
}

static ScHistogram *
histogram_finish (GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sc_stack_stats_plane_histogram_async (ScStack             *stack,
                                      guint                index,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (SC_IS_STACK (stack));
  g_return_if_fail (index < sc_stack_get_n_planes (stack));

  histogram_async (stack, index, sc_stack_stats_plane_histogram, cancellable, callback,
                   user_data, sc_stack_stats_plane_histogram_async);
}

ScHistogram *
sc_stack_stats_plane_histogram_finish (GAsyncResult  *result,
                                       GError       **error)
{
  return histogram_finish (result, sc_stack_stats_plane_histogram_async, error);
}

void
sc_stack_stats_channel_histogram_async (ScStack             *stack,
                                        guint                c,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (SC_IS_STACK (stack));
  g_return_if_fail (c < sc_stack_get_n_channels (stack));

  histogram_async (stack, c, sc_stack_stats_channel_histogram, cancellable, callback,
                   user_data, sc_stack_stats_channel_histogram_async);
}

ScHistogram *
sc_stack_stats_channel_histogram_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return histogram_finish (result, sc_stack_stats_channel_histogram_async, error);
}

static void
profile_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  StatsTask *st = task_data;
  GError *error = NULL;
  double *values;

  sc_parallel_lower_thread ();
  values = sc_stack_stats_profile (st->stack, st->c, st->z, st->t, st->x, st->y,
                                   st->axis, &st->n_values, cancellable, &error);

  if (values == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, values, g_free);
}

void
sc_stack_stats_profile_async (ScStack             *stack,
                              guint                c,
                              guint                z,
                              guint                t,
                              guint                x,
                              guint                y,
                              ScProfileAxis        axis,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StatsTask *st;

  g_return_if_fail (SC_IS_STACK (stack));
  g_return_if_fail (c < sc_stack_get_n_channels (stack));
  g_return_if_fail (z < sc_stack_get_n_slices (stack));
  g_return_if_fail (t < sc_stack_get_n_frames (stack));
  g_return_if_fail (x < sc_stack_get_width (stack));
  g_return_if_fail (y < sc_stack_get_height (stack));
  g_return_if_fail (axis == SC_PROFILE_ALONG_Z || axis == SC_PROFILE_ALONG_T);

  task = stats_task_new (stack, cancellable, callback, user_data, sc_stack_stats_profile_async);
  st = g_task_get_task_data (task);
  st->c = c;
  st->z = z;
  st->t = t;
  st->x = x;
  st->y = y;
  st->axis = axis;
  g_task_run_in_thread (task, profile_thread);
}

double *
sc_stack_stats_profile_finish (GAsyncResult  *result,
                               guint         *n_values,
                               GError       **error)
{
  StatsTask *st;
  double *values;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sc_stack_stats_profile_async,
                        NULL);

  st = g_task_get_task_data (G_TASK (result));
  values = g_task_propagate_pointer (G_TASK (result), error);
  if (n_values != NULL)
    *n_values = values != NULL ? st->n_values : 0;
  return values;
}
