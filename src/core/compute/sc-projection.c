/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-error.h"
#include "sc-memory-source.h"
#include "sc-projection-private.h"
#include "sc-source.h"

enum {
  PROP_0,
  PROP_STACK,
  PROP_METHOD,
  PROP_PERCENTILE,
  PROP_CHANNEL,
  PROP_FRAME,
  PROP_SD_POPULATION,
  PROP_N_THREADS,
  PROP_MEMORY_BUDGET,
  PROP_CHUNK_SIZE,
  PROP_PROGRESSIVE,
  PROP_ZERO_COPY,
  PROP_ADAPTIVE_READ,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScProjection, sc_projection, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
sc_projection_finalize (GObject *object)
{
  ScProjection *self = SC_PROJECTION (object);

  _sc_projection_free_plan (self);
  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  if (self->partial_destroy)
    self->partial_destroy (self->partial_data);
  g_clear_object (&self->result);
  g_clear_pointer (&self->result_bytes, g_bytes_unref);
  g_clear_object (&self->stack);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_projection_parent_class)->finalize (object);
}

static void
sc_projection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScProjection *self = SC_PROJECTION (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_PERCENTILE:
      g_value_set_double (value, self->percentile);
      break;
    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;
    case PROP_FRAME:
      g_value_set_int (value, self->frame);
      break;
    case PROP_SD_POPULATION:
      g_value_set_boolean (value, self->sd_population);
      break;
    case PROP_N_THREADS:
      g_value_set_uint (value, self->n_threads);
      break;
    case PROP_MEMORY_BUDGET:
      g_value_set_uint64 (value, self->memory_budget);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_PROGRESSIVE:
      g_value_set_boolean (value, self->progressive);
      break;
    case PROP_ZERO_COPY:
      g_value_set_boolean (value, self->zero_copy);
      break;
    case PROP_ADAPTIVE_READ:
      g_value_set_boolean (value, self->adaptive_read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScProjection *self = SC_PROJECTION (object);

  switch (prop_id)
    {
    case PROP_STACK:
      self->stack = g_value_dup_object (value);
      break;
    case PROP_METHOD:
      self->method = g_value_get_enum (value);
      break;
    case PROP_PERCENTILE:
      sc_projection_set_percentile (self, g_value_get_double (value));
      break;
    case PROP_CHANNEL:
      sc_projection_set_channel (self, g_value_get_int (value));
      break;
    case PROP_FRAME:
      sc_projection_set_frame (self, g_value_get_int (value));
      break;
    case PROP_SD_POPULATION:
      sc_projection_set_sd_population (self, g_value_get_boolean (value));
      break;
    case PROP_N_THREADS:
      sc_projection_set_n_threads (self, g_value_get_uint (value));
      break;
    case PROP_MEMORY_BUDGET:
      sc_projection_set_memory_budget (self, g_value_get_uint64 (value));
      break;
    case PROP_CHUNK_SIZE:
      sc_projection_set_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_PROGRESSIVE:
      sc_projection_set_progressive (self, g_value_get_boolean (value));
      break;
    case PROP_ZERO_COPY:
      sc_projection_set_zero_copy (self, g_value_get_boolean (value));
      break;
    case PROP_ADAPTIVE_READ:
      sc_projection_set_adaptive_read (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_class_init (ScProjectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_projection_finalize;
  object_class->get_property = sc_projection_get_property;
  object_class->set_property = sc_projection_set_property;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL, SC_TYPE_STACK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, SC_TYPE_PROJECTION_METHOD, SC_PROJECTION_MAX,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERCENTILE] =
    g_param_spec_double ("percentile", NULL, NULL, 0, 100, 50,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL, -1, G_MAXINT, SC_PROJECTION_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME] =
    g_param_spec_int ("frame", NULL, NULL, -1, G_MAXINT, SC_PROJECTION_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SD_POPULATION] =
    g_param_spec_boolean ("sd-population", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_THREADS] =
    g_param_spec_uint ("n-threads", NULL, NULL, 0, 1024, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMORY_BUDGET] =
    g_param_spec_uint64 ("memory-budget", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROGRESSIVE] =
    g_param_spec_boolean ("progressive", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZERO_COPY] =
    g_param_spec_boolean ("zero-copy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADAPTIVE_READ] =
    g_param_spec_boolean ("adaptive-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_projection_init (ScProjection *self)
{
  self->percentile = 50;
  self->last = G_MAXUINT;
  self->step = 1;
  self->channel = SC_PROJECTION_ALL;
  self->frame = SC_PROJECTION_ALL;
  self->progressive = TRUE;
  self->axis = SC_PROJECTION_AXIS_Z;
  self->range_last = G_MAXUINT;
  g_mutex_init (&self->lock);
}

ScProjection *
sc_projection_new (ScStack            *stack,
                   ScProjectionMethod  method)
{
  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail ((guint) method < SC_PROJECTION_N_METHODS, NULL);

  return g_object_new (SC_TYPE_PROJECTION, "stack", stack, "method", method, NULL);
}

ScStack *
sc_projection_get_stack (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  return self->stack;
}

ScProjectionMethod
sc_projection_get_method (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_MAX);
  return self->method;
}

void
sc_projection_set_percentile (ScProjection *self,
                              double        percentile)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (percentile >= 0 && percentile <= 100);
  g_return_if_fail (!self->prepared);

  if (self->percentile != percentile)
    {
      self->percentile = percentile;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERCENTILE]);
    }
}

double
sc_projection_get_percentile (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 50);
  return self->percentile;
}

void
sc_projection_set_slices (ScProjection *self,
                          guint         first,
                          guint         last,
                          guint         step)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (first <= last);
  g_return_if_fail (step > 0);
  g_return_if_fail (!self->prepared);

  self->first = first;
  self->last = last;
  self->step = step;
}

void
sc_projection_get_slices (ScProjection *self,
                          guint        *first,
                          guint        *last,
                          guint        *step)
{
  g_return_if_fail (SC_IS_PROJECTION (self));

  if (first)
    *first = self->first;
  if (last)
    *last = self->last;
  if (step)
    *step = self->step;
}

void
sc_projection_set_axis (ScProjection     *self,
                        ScProjectionAxis  axis)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (axis <= SC_PROJECTION_AXIS_X);
  g_return_if_fail (!self->prepared);

  self->axis = axis;
}

ScProjectionAxis
sc_projection_get_axis (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_AXIS_Z);
  return self->axis;
}

void
sc_projection_set_range (ScProjection *self,
                         guint         first,
                         guint         last)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (first <= last);
  g_return_if_fail (!self->prepared);

  self->range_first = first;
  self->range_last = last;
}

void
sc_projection_get_range (ScProjection *self,
                         guint        *first,
                         guint        *last)
{
  g_return_if_fail (SC_IS_PROJECTION (self));

  if (first)
    *first = self->range_first;
  if (last)
    *last = self->range_last;
}

void
sc_projection_set_channel (ScProjection *self,
                           int           channel)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (channel >= SC_PROJECTION_ALL);
  g_return_if_fail (!self->prepared);

  if (self->channel != channel)
    {
      self->channel = channel;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
}

int
sc_projection_get_channel (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_ALL);
  return self->channel;
}

void
sc_projection_set_frame (ScProjection *self,
                         int           frame)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (frame >= SC_PROJECTION_ALL);
  g_return_if_fail (!self->prepared);

  if (self->frame != frame)
    {
      self->frame = frame;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
    }
}

int
sc_projection_get_frame (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_ALL);
  return self->frame;
}

void
sc_projection_set_sd_population (ScProjection *self,
                                 gboolean      population)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  population = !!population;
  if (self->sd_population != population)
    {
      self->sd_population = population;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SD_POPULATION]);
    }
}

gboolean
sc_projection_get_sd_population (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->sd_population;
}

void
sc_projection_set_n_threads (ScProjection *self,
                             guint         n_threads)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  if (self->n_threads != n_threads)
    {
      self->n_threads = n_threads;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_THREADS]);
    }
}

guint
sc_projection_get_n_threads (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->n_threads;
}

void
sc_projection_set_memory_budget (ScProjection *self,
                                 guint64       bytes)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  if (self->memory_budget != bytes)
    {
      self->memory_budget = bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_BUDGET]);
    }
}

guint64
sc_projection_get_memory_budget (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->memory_budget;
}

void
sc_projection_set_chunk_size (ScProjection *self,
                              guint         chunk_size)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  if (self->chunk_size != chunk_size)
    {
      self->chunk_size = chunk_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
    }
}

guint
sc_projection_get_chunk_size (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->chunk_size;
}

void
sc_projection_set_progressive (ScProjection *self,
                               gboolean      progressive)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  progressive = !!progressive;
  if (self->progressive != progressive)
    {
      self->progressive = progressive;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESSIVE]);
    }
}

gboolean
sc_projection_get_progressive (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), TRUE);
  return self->progressive;
}

void
sc_projection_set_zero_copy (ScProjection *self,
                             gboolean      zero_copy)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  zero_copy = !!zero_copy;
  if (self->zero_copy != zero_copy)
    {
      self->zero_copy = zero_copy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZERO_COPY]);
    }
}

gboolean
sc_projection_get_zero_copy (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->zero_copy;
}

void
sc_projection_set_adaptive_read (ScProjection *self,
                                 gboolean      adaptive_read)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  adaptive_read = !!adaptive_read;
  if (self->adaptive_read != adaptive_read)
    {
      self->adaptive_read = adaptive_read;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADAPTIVE_READ]);
    }
}

gboolean
sc_projection_get_adaptive_read (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->adaptive_read;
}

void
sc_projection_set_progress_func (ScProjection         *self,
                                 ScProjectionProgress  func,
                                 gpointer              user_data,
                                 GDestroyNotify        destroy)
{
  g_return_if_fail (SC_IS_PROJECTION (self));

  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

void
sc_projection_set_partial_func (ScProjection        *self,
                                guint                interval_ms,
                                ScProjectionPartial  func,
                                gpointer             user_data,
                                GDestroyNotify       destroy)
{
  g_return_if_fail (SC_IS_PROJECTION (self));

  if (self->partial_destroy)
    self->partial_destroy (self->partial_data);
  self->partial_interval_ms = interval_ms;
  self->partial_func = func;
  self->partial_data = user_data;
  self->partial_destroy = destroy;
}

gboolean
sc_projection_prepare (ScProjection  *self,
                       GError       **error)
{
  guint C, Z, T, last;

  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                           _("This projection failed or was cancelled; start a new one"));
      return FALSE;
    }
  if (self->prepared)
    return TRUE;

  C = sc_stack_get_n_channels (self->stack);
  Z = sc_stack_get_n_slices (self->stack);
  T = sc_stack_get_n_frames (self->stack);

  if (self->channel != SC_PROJECTION_ALL && (guint) self->channel >= C)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE, "Channel %d does not exist: %s has %u channel",
                                "Channel %d does not exist: %s has %u channels", C),
                   self->channel + 1, sc_stack_get_display_name (self->stack), C);
      return FALSE;
    }
  if (self->frame != SC_PROJECTION_ALL && (guint) self->frame >= T)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Time point %d does not exist: %s has %u time point",
                                "Time point %d does not exist: %s has %u time points", T),
                   self->frame + 1, sc_stack_get_display_name (self->stack), T);
      return FALSE;
    }
  last = self->last == G_MAXUINT ? Z - 1 : self->last;
  if (self->first >= Z || last >= Z)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Slices %u to %u are out of range: %s has %u slice",
                                "Slices %u to %u are out of range: %s has %u slices", Z),
                   self->first + 1, last + 1, sc_stack_get_display_name (self->stack), Z);
      return FALSE;
    }

  if (!_sc_projection_plan (self, last, error))
    return FALSE;

  self->prepared = TRUE;
  return TRUE;
}

guint
sc_projection_get_n_inputs (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->n_in;
}

guint
sc_projection_get_n_steps (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->steps_total;
}

guint64
sc_projection_get_bytes_read (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->bytes_read;
}

guint64
sc_projection_get_bytes_in_place (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->bytes_in_place;
}

gboolean
sc_projection_is_done (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->prepared && self->steps_done == self->steps_total;
}

/* ---- Steps and results ---- */

double
sc_projection_step (ScProjection  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (SC_IS_PROJECTION (self), -1);

  if (!sc_projection_prepare (self, error))
    return -1;
  if (self->steps_done == self->steps_total)
    return 1.0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      self->failed = TRUE;
      return -1;
    }

  g_mutex_lock (&self->lock);
  if (self->axis != SC_PROJECTION_AXIS_Z)
    ok = _sc_projection_axis_step (self, cancellable, error);
  else if (_sc_projection_is_streaming (self))
    ok = _sc_projection_stream_step (self, cancellable, error);
  else
    ok = _sc_projection_select_step (self, cancellable, error);
  /* what was read in place came from the file only if the file was not cut short under
   * its map meanwhile */
  if (ok && (self->zero_copy || self->probing))
    ok = sc_stack_check_peeked (self->stack, error);
  if (ok && self->probes != NULL)
    {
      self->bytes_in_place = 0;
      for (guint t = 0; t < self->threads; t++)
        self->bytes_in_place += self->probes[t].in_place;
    }
  if (ok)
    self->steps_done++;
  else
    self->failed = TRUE;
  g_mutex_unlock (&self->lock);

  if (!ok)
    return -1;
  if (self->steps_done == self->steps_total)
    g_clear_pointer (&self->buffer, g_free);
  return (double) self->steps_done / self->steps_total;
}

static ScStack *
wrap_result (ScProjection *self,
             GBytes       *bytes)
{
  g_autoptr(ScSource) source = NULL;
  const ScCalibration *cal = sc_stack_get_calibration (self->stack);
  g_autofree char *name = g_strdup_printf ("%s_%s%s", sc_method_get_info (self->method)->tag,
                                           self->axis == SC_PROJECTION_AXIS_Y ? "XZ_"
                                           : self->axis == SC_PROJECTION_AXIS_X ? "YZ_" : "",
                                           sc_stack_get_display_name (self->stack));
  g_autofree char *what = NULL;
  guint last = self->slices[self->n_in - 1];
  ScStackInfo *info;
  ScStack *result;

  source = sc_memory_source_new (self->width, self->height, self->n_out_c, 1, self->n_out_t,
                                 self->result_type,
                                 sc_stack_get_samples_per_pixel (self->stack), bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = cal->pixel_width;
  info->calibration.pixel_height = cal->pixel_height;
  info->calibration.pixel_depth = cal->pixel_depth;
  if (self->axis != SC_PROJECTION_AXIS_Z)
    _sc_projection_axis_calibrate (self, &info->calibration);
  info->calibration.frame_interval = cal->frame_interval;
  info->calibration.unit = g_strdup (cal->unit);
  info->calibration.time_unit = g_strdup (cal->time_unit);
  if (self->method == SC_PROJECTION_PERCENTILE)
    /* Translators: the method of a projection, e.g. "Percentile 90" */
    what = g_strdup_printf (_("Percentile %g"), self->percentile);
  else
    what = g_strdup (_(sc_method_get_info (self->method)->title));
  if (self->axis != SC_PROJECTION_AXIS_Z)
    sc_stack_info_take_metadata (info, N_("Projection"), _sc_projection_axis_describe (self, what));
  else if (self->step > 1)
    sc_stack_info_take_metadata (info, N_("Projection"),
                                 /* Translators: a method, e.g. "Maximum of slices 1-25 in
                                  * steps of 2 of cells.tif" */
                                 g_strdup_printf (_("%s of slices %u-%u in steps of %u of %s"), what,
                                                  self->first + 1, last + 1, self->step,
                                                  sc_stack_get_display_name (self->stack)));
  else
    sc_stack_info_take_metadata (info, N_("Projection"),
                                 g_strdup_printf (_("%s of slices %u-%u of %s"), what,
                                                  self->first + 1, last + 1,
                                                  sc_stack_get_display_name (self->stack)));
  result = sc_stack_new_for_source (source, name);
  /* an export of the result must not write over the files it was made from */
  sc_stack_add_origin (result, self->stack);
  return result;
}

ScStack *
sc_projection_get_partial (ScProjection *self)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  guint8 *copy;

  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (self->prepared, NULL);

  if (self->result != NULL)
    return wrap_result (self, self->result_bytes);

  g_mutex_lock (&self->lock);
  size = (gsize) self->n_out * self->plane_samples * self->out_size;
  if (self->axis != SC_PROJECTION_AXIS_Z || !_sc_projection_is_streaming (self)
      || !self->progressive
      || (self->kind == ACC_MINMAX && self->n_seen > 0))
    copy = g_memdup2 (self->out, size);
  else if (self->n_seen == 0)
    copy = g_malloc0 (size);
  else
    {
      copy = g_malloc (size);
      _sc_projection_stream_partial (self, (float *) (gpointer) copy);
    }
  g_mutex_unlock (&self->lock);

  bytes = g_bytes_new_take (copy, size);
  return wrap_result (self, bytes);
}

static void
make_result (ScProjection *self)
{
  gsize size = (gsize) self->n_out * self->plane_samples * self->out_size;

  if (self->result != NULL)
    return;

  self->result_bytes = g_bytes_new_take (g_steal_pointer (&self->out), size);
  self->result = wrap_result (self, self->result_bytes);
  g_clear_pointer (&self->acc_sum, g_free);
  g_clear_pointer (&self->acc_sq, g_free);
  g_clear_pointer (&self->acc_shift, g_free);
}

ScStack *
sc_projection_get_result (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (sc_projection_is_done (self), NULL);

  make_result (self);
  return g_object_ref (self->result);
}

GBytes *
sc_projection_get_result_bytes (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (sc_projection_is_done (self), NULL);

  make_result (self);
  return g_bytes_ref (self->result_bytes);
}
