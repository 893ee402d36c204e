/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-demo-stack.h"
#include "sc-window-private.h"

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

static void render (ScWindow *self);
static void update_display_controls (ScWindow *self);
static void update_readout (ScWindow *self);
static void compute_stack_histogram (ScWindow *self, guint c);

/* Helpers */

static const char *
unit_symbol (const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return NULL;
  if (g_ascii_strcasecmp (unit, "micron") == 0 || g_ascii_strcasecmp (unit, "microns") == 0 ||
      g_ascii_strcasecmp (unit, "um") == 0 || g_str_equal (unit, "\302\265m") ||
      g_str_equal (unit, "\316\274m") || g_ascii_strcasecmp (unit, "micrometer") == 0)
    return "µm";
  if (g_ascii_strcasecmp (unit, "pixel") == 0 || g_ascii_strcasecmp (unit, "pixels") == 0)
    return NULL;
  return unit;
}

static gboolean
is_integer_type (ScWindow *self)
{
  return sc_sample_type_is_integer (sc_stack_get_sample_type (self->stack));
}

static char *
format_value (double   v,
              gboolean integer)
{
  if (integer)
    return g_strdup_printf ("%.0f", v);
  return g_strdup_printf ("%.6g", v);
}

static gboolean
is_rgb (ScWindow *self)
{
  return sc_stack_get_samples_per_pixel (self->stack) >= 3;
}

void
_sc_window_show_toast (ScWindow   *self,
                       const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Model → pixels */

static void
clear_channels (ScWindow *self)
{
  for (guint i = 0; i < self->n_channels; i++)
    {
      g_clear_pointer (&self->channels[i].table, sc_render_table_free);
      g_clear_pointer (&self->channels[i].stack_hist, sc_histogram_free);
      g_clear_pointer (&self->channels[i].buffer, g_free);
    }
  g_clear_pointer (&self->channels, g_free);
  self->n_channels = 0;
  g_clear_pointer (&self->plane_hist, sc_histogram_free);
}

static gboolean
channel_visible (ScWindow *self,
                 guint     c)
{
  return c == self->c || self->composite;
}

/* Points each visible channel's data at its plane for (z, t): straight into the
 * source's memory when it holds the plane, else read into a buffer. */
static gboolean
load_planes (ScWindow  *self,
             GError   **error)
{
  guint h = sc_stack_get_height (self->stack);

  for (guint c = 0; c < self->n_channels; c++)
    {
      ScChannelView *ch = &self->channels[c];
      guint index;

      ch->data = NULL;
      if (!channel_visible (self, c))
        continue;

      index = sc_stack_plane_index (self->stack, c, self->z, self->t);
      ch->data = sc_stack_peek_rows (self->stack, index, 0, h);
      if (ch->data == NULL)
        {
          if (ch->buffer == NULL)
            ch->buffer = g_malloc (sc_stack_get_plane_size (self->stack));
          if (!sc_stack_read_plane (self->stack, index, ch->buffer, error))
            return FALSE;
          ch->data = ch->buffer;
        }
    }

  return TRUE;
}

static ScRenderTable *
channel_table (ScWindow *self,
               guint     c)
{
  ScChannelView *ch = &self->channels[c];

  if (ch->table == NULL)
    ch->table = sc_render_table_new (&ch->params, sc_stack_get_sample_type (self->stack));
  return ch->table;
}

static void
render (ScWindow *self)
{
  guint w, h;
  gsize stride;
  guint32 *pixels;
  g_autoptr(GBytes) bytes = NULL;

  if (self->stack == NULL || self->channels == NULL || self->channels[self->c].data == NULL)
    return;

  w = sc_stack_get_width (self->stack);
  h = sc_stack_get_height (self->stack);
  stride = sc_stack_get_row_stride (self->stack);
  pixels = g_new (guint32, (gsize) w * h);

  if (is_rgb (self))
    {
      sc_render_rgb (channel_table (self, self->c), self->channels[self->c].data, stride,
                     sc_stack_get_samples_per_pixel (self->stack), w, h, pixels, (gsize) w * 4);
    }
  else if (self->composite && self->n_channels > 1)
    {
      g_autofree ScRenderTable **tables = g_new (ScRenderTable *, self->n_channels);
      g_autofree gconstpointer *srcs = g_new (gconstpointer, self->n_channels);

      for (guint c = 0; c < self->n_channels; c++)
        {
          tables[c] = channel_table (self, c);
          srcs[c] = self->channels[c].data;
        }
      sc_render_composite ((ScRenderTable * const *) tables, srcs, self->n_channels, stride,
                           w, h, pixels, (gsize) w * 4);
    }
  else
    {
      sc_render_plane (channel_table (self, self->c), self->channels[self->c].data, stride,
                       w, h, pixels, (gsize) w * 4);
    }

  bytes = g_bytes_new_take (pixels, (gsize) w * h * 4);
  sc_plane_view_set_image (self->plane_view, bytes, w, h);
}

/* The histogram the display panel shows for one plane of stack; thread-safe. */
ScHistogram *
_sc_window_plane_histogram (ScStack       *stack,
                            gconstpointer  data)
{
  ScSampleType type = sc_stack_get_sample_type (stack);
  guint w = sc_stack_get_width (stack);
  guint h = sc_stack_get_height (stack);
  gsize stride = sc_stack_get_row_stride (stack);
  guint spp = sc_stack_get_samples_per_pixel (stack);
  double lo = 0, hi = 1;
  ScHistogram *hist;

  if (!sc_sample_type_is_integer (type) || sc_sample_type_size (type) > 2)
    {
      if (!sc_plane_get_range (type, data, stride, spp, w, h, &lo, &hi))
        lo = 0, hi = 1;
      if (hi <= lo)
        hi = lo + 1;
      /* the top value lands in the last bin */
      hi += (hi - lo) * 1e-6;
    }

  hist = sc_histogram_new_for_type (type, lo, hi);
  sc_histogram_add (hist, data, stride, spp, w, h);
  return hist;
}

static ScHistogram *
new_histogram_for_plane (ScWindow      *self,
                         gconstpointer  data)
{
  return _sc_window_plane_histogram (self->stack, data);
}

static const ScHistogram *
current_histogram (ScWindow *self)
{
  if (gtk_toggle_button_get_active (self->hist_stack_button) &&
      self->channels[self->c].stack_hist != NULL)
    return self->channels[self->c].stack_hist;
  return self->plane_hist;
}

static void
update_histogram (ScWindow *self)
{
  g_clear_pointer (&self->plane_hist, sc_histogram_free);
  if (self->channels[self->c].data != NULL)
    self->plane_hist = new_histogram_for_plane (self, self->channels[self->c].data);
  sc_histogram_view_set_histogram (self->histogram_view, current_histogram (self));
}

static void
update_profile_current (ScWindow *self)
{
  gboolean along_t = sc_stack_get_n_slices (self->stack) == 1 && sc_stack_get_n_frames (self->stack) > 1;

  sc_profile_view_set_current (self->profile_view, along_t ? self->t : self->z);
}

static void
update_nav_labels (ScWindow *self)
{
  const ScCalibration *cal = sc_stack_get_calibration (self->stack);
  guint nz = sc_stack_get_n_slices (self->stack);
  guint nt = sc_stack_get_n_frames (self->stack);
  const char *unit = unit_symbol (cal->unit);
  g_autofree char *z_text = NULL;
  g_autofree char *t_text = NULL;
  g_autofree char *source = NULL;

  if (cal->pixel_depth > 0 && unit)
    z_text = g_strdup_printf ("z %u/%u · %.2f %s", self->z + 1, nz, self->z * cal->pixel_depth, unit);
  else
    z_text = g_strdup_printf ("z %u/%u", self->z + 1, nz);
  gtk_label_set_label (self->z_label, z_text);

  if (cal->frame_interval > 0)
    t_text = g_strdup_printf ("t %u/%u · %.4g %s", self->t + 1, nt, self->t * cal->frame_interval,
                              cal->time_unit ? cal->time_unit : "s");
  else
    t_text = g_strdup_printf ("t %u/%u", self->t + 1, nt);
  gtk_label_set_label (self->t_label, t_text);

  source = sc_stack_describe_plane (self->stack,
                                    sc_stack_plane_index (self->stack, self->c, self->z, self->t));
  gtk_label_set_label (self->plane_source_label, source ? source : "");
}

static void
show_plane (ScWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!load_planes (self, &error))
    {
      _sc_window_show_toast (self, error->message);
      return;
    }

  render (self);
  update_histogram (self);
  update_nav_labels (self);
  update_profile_current (self);
  update_readout (self);
}

/* Plane changes read in a worker when the planes must be decoded, so that a slow
 * file never blocks the window. While one read runs, newer requests only bump the
 * generation: when the read ends, a stale result is dropped and only the latest
 * plane is read, so fast scrolling never piles up work. */
typedef struct {
  ScStack  *stack;
  guint     c, z, t;
  gboolean  composite;
  guint     n_channels;
  guint     generation;
  guint8  **buffers;
} PlaneLoad;

static void
plane_load_free (PlaneLoad *load)
{
  for (guint i = 0; i < load->n_channels; i++)
    g_free (load->buffers[i]);
  g_free (load->buffers);
  g_clear_object (&load->stack);
  g_free (load);
}

/* Whether channel c is shown and its plane must be read (the source cannot lend it). */
static gboolean
channel_needs_read (ScWindow *self,
                    guint     c)
{
  return channel_visible (self, c)
         && sc_stack_peek_rows (self->stack,
                                sc_stack_plane_index (self->stack, c, self->z, self->t),
                                0, sc_stack_get_height (self->stack)) == NULL;
}

static gboolean
planes_need_reading (ScWindow *self)
{
  for (guint c = 0; c < self->n_channels; c++)
    if (channel_needs_read (self, c))
      return TRUE;
  return FALSE;
}

static void
plane_load_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PlaneLoad *load = task_data;
  const char *delay = g_getenv ("STACKSCOPE_READ_DELAY_MS");   /* a slow disk, for tests */
  GError *error = NULL;

  if (delay != NULL)
    g_usleep (g_ascii_strtoull (delay, NULL, 10) * 1000);

  for (guint c = 0; c < load->n_channels; c++)
    {
      if (load->buffers[c] == NULL)
        continue;
      if (!sc_stack_read_plane (load->stack,
                                sc_stack_plane_index (load->stack, c, load->z, load->t),
                                load->buffers[c], &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void start_plane_load (ScWindow *self);

static void
plane_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ScWindow *self = SC_WINDOW (object);
  PlaneLoad *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->plane_loading = FALSE;
  if (self->stack == NULL)
    return;

  if (load->generation != self->plane_generation || load->stack != self->stack
      || load->c != self->c || load->z != self->z || load->t != self->t
      || load->composite != self->composite || load->n_channels != self->n_channels)
    {
      /* Stale: the user moved on while it was read. Read only what is shown now. */
      g_debug ("dropped the read of z %u: z %u is shown now", load->z + 1, self->z + 1);
      if (planes_need_reading (self))
        start_plane_load (self);
      return;
    }

  if (!ok)
    {
      _sc_window_show_toast (self, error->message);
      return;
    }

  for (guint c = 0; c < self->n_channels; c++)
    {
      ScChannelView *ch = &self->channels[c];

      if (load->buffers[c] != NULL)
        {
          g_free (ch->buffer);
          ch->buffer = g_steal_pointer (&load->buffers[c]);
          ch->data = ch->buffer;
        }
      else if (!channel_visible (self, c))
        ch->data = NULL;
      else
        ch->data = sc_stack_peek_rows (self->stack,
                                       sc_stack_plane_index (self->stack, c, self->z, self->t),
                                       0, sc_stack_get_height (self->stack));
    }

  g_debug ("showing z %u, read in a worker", load->z + 1);
  render (self);
  update_histogram (self);
  update_readout (self);
}

static void
start_plane_load (ScWindow *self)
{
  g_autoptr(GTask) task = NULL;
  PlaneLoad *load = g_new0 (PlaneLoad, 1);
  gsize size = sc_stack_get_plane_size (self->stack);

  load->stack = g_object_ref (self->stack);
  load->c = self->c;
  load->z = self->z;
  load->t = self->t;
  load->composite = self->composite;
  load->n_channels = self->n_channels;
  load->generation = self->plane_generation;
  load->buffers = g_new0 (guint8 *, self->n_channels);
  for (guint c = 0; c < self->n_channels; c++)
    if (channel_needs_read (self, c))
      load->buffers[c] = g_malloc (size);

  self->plane_loading = TRUE;
  task = g_task_new (self, NULL, plane_loaded, NULL);
  g_task_set_source_tag (task, start_plane_load);
  g_task_set_task_data (task, load, (GDestroyNotify) plane_load_free);
  g_task_run_in_thread (task, plane_load_thread);
}

static void
show_plane_soon (ScWindow *self)
{
  self->plane_generation++;
  if (!planes_need_reading (self))
    {
      show_plane (self);
      return;
    }

  update_nav_labels (self);
  update_profile_current (self);
  if (!self->plane_loading)
    start_plane_load (self);
}

void
_sc_window_set_plane (ScWindow *self,
                      guint     c,
                      guint     z,
                      guint     t)
{
  gboolean channel_changed;

  if (self->stack == NULL)
    return;

  c = MIN (c, sc_stack_get_n_channels (self->stack) - 1);
  z = MIN (z, sc_stack_get_n_slices (self->stack) - 1);
  t = MIN (t, sc_stack_get_n_frames (self->stack) - 1);
  channel_changed = c != self->c;

  if (c == self->c && z == self->z && t == self->t)
    return;

  self->c = c;
  self->z = z;
  self->t = t;

  self->updating++;
  gtk_adjustment_set_value (self->z_adjustment, z + 1);
  gtk_adjustment_set_value (self->t_adjustment, t + 1);
  gtk_drop_down_set_selected (self->channel_dropdown, c);
  self->updating--;

  show_plane_soon (self);
  if (!self->is_result)
    sc_projection_panel_set_current (self->projection_panel, c, z, t);
  if (channel_changed)
    {
      update_display_controls (self);
      if (self->profile_x >= 0)
        sc_profile_view_clear (self->profile_view);
    }
}

void
_sc_window_set_composite (ScWindow *self,
                          gboolean  composite)
{
  composite = composite && self->stack != NULL && self->n_channels > 1 && !is_rgb (self);
  if (composite == self->composite)
    return;

  self->composite = composite;
  self->updating++;
  gtk_switch_set_active (self->composite_switch, composite);
  self->updating--;
  show_plane (self);
}

/* Controls ↔ the current channel's display */

static void
update_display_controls (ScWindow *self)
{
  ScChannelView *ch;
  ScSampleType type;
  double tmin, tmax;
  gboolean integer;

  if (self->stack == NULL)
    return;

  ch = &self->channels[self->c];
  type = sc_stack_get_sample_type (self->stack);
  integer = is_integer_type (self);
  sc_sample_type_get_range (type, &tmin, &tmax);
  if (!integer)
    {
      tmin = -G_MAXFLOAT;
      tmax = G_MAXFLOAT;
    }

  self->updating++;

  sc_colormap_button_set_colormap (self->colormap_button, ch->params.colormap);
  gtk_toggle_button_set_active (self->log_button, ch->params.log_scale);
  gtk_adjustment_set_value (self->gamma_adjustment, ch->params.gamma);

  gtk_adjustment_configure (self->min_adjustment, ch->params.min, tmin, tmax,
                            integer ? 1 : 0.01, integer ? 100 : 1, 0);
  gtk_adjustment_configure (self->max_adjustment, ch->params.max, tmin, tmax,
                            integer ? 1 : 0.01, integer ? 100 : 1, 0);
  gtk_spin_button_set_digits (self->min_spin, integer ? 0 : 4);
  gtk_spin_button_set_digits (self->max_spin, integer ? 0 : 4);

  sc_histogram_view_set_integer (self->histogram_view, integer);
  sc_histogram_view_set_range (self->histogram_view, ch->params.min, ch->params.max);
  sc_histogram_view_set_histogram (self->histogram_view, current_histogram (self));
  sc_color_bar_set_params (self->color_bar, &ch->params, integer);

  gtk_widget_set_sensitive (GTK_WIDGET (self->colormap_button), !is_rgb (self));

  self->updating--;
}

/* After any change of the current channel's params. */
static void
params_changed (ScWindow *self)
{
  ScChannelView *ch = &self->channels[self->c];

  g_clear_pointer (&ch->table, sc_render_table_free);
  update_display_controls (self);
  render (self);
}

static void
set_range (ScWindow *self,
           double    min,
           double    max)
{
  ScChannelView *ch = &self->channels[self->c];

  self->keep_auto = FALSE;
  if (ch->params.min == min && ch->params.max == max)
    return;
  ch->params.min = min;
  ch->params.max = max;
  params_changed (self);
}

gboolean
_sc_window_auto_range (const ScHistogram *hist,
                       double            *min,
                       double            *max)
{
  if (hist == NULL || !sc_histogram_auto_contrast (hist, 0.35, min, max))
    return FALSE;
  if (*max <= *min)
    *max = *min + 1;
  return TRUE;
}

void
_sc_window_auto_contrast (ScWindow *self)
{
  double min, max;

  if (self->stack == NULL)
    return;
  if (_sc_window_auto_range (current_histogram (self), &min, &max))
    set_range (self, min, max);
}

void
_sc_window_reset_range (ScWindow *self)
{
  ScChannelView *ch;
  double min, max;

  if (self->stack == NULL)
    return;

  ch = &self->channels[self->c];
  if (is_integer_type (self))
    sc_sample_type_get_range (sc_stack_get_sample_type (self->stack), &min, &max);
  else if (self->plane_hist && self->plane_hist->total)
    {
      min = self->plane_hist->data_min;
      max = self->plane_hist->data_max;
    }
  else
    {
      min = 0;
      max = 1;
    }

  ch->params.gamma = 1.0;
  ch->params.log_scale = FALSE;
  ch->params.min = min;
  ch->params.max = max;
  params_changed (self);
}

void
_sc_window_toggle_log (ScWindow *self)
{
  if (self->stack != NULL)
    gtk_toggle_button_set_active (self->log_button, !gtk_toggle_button_get_active (self->log_button));
}

static void
colormap_changed_cb (ScWindow *self)
{
  ScChannelView *ch;
  ScColormap colormap;

  if (self->updating || self->stack == NULL)
    return;

  ch = &self->channels[self->c];
  colormap = sc_colormap_button_get_colormap (self->colormap_button);
  if (colormap == ch->params.colormap && ch->params.lut == NULL)
    return;

  ch->params.colormap = colormap;
  ch->params.lut = NULL;   /* a chosen colormap replaces the file's own palette */
  if (self->n_channels == 1)
    g_settings_set_string (self->settings, "colormap", sc_colormap_get_name (colormap));
  params_changed (self);
}

static void
log_toggled_cb (ScWindow *self)
{
  gboolean active = gtk_toggle_button_get_active (self->log_button);

  if (self->updating || self->stack == NULL)
    return;

  self->channels[self->c].params.log_scale = active;
  if (self->n_channels == 1)
    g_settings_set_boolean (self->settings, "log-scale", active);
  params_changed (self);
}

static void
gamma_changed_cb (ScWindow *self)
{
  if (self->updating || self->stack == NULL)
    return;

  self->channels[self->c].params.gamma = gtk_adjustment_get_value (self->gamma_adjustment);
  params_changed (self);
}

static void
spin_changed_cb (ScWindow *self)
{
  double min = gtk_adjustment_get_value (self->min_adjustment);
  double max = gtk_adjustment_get_value (self->max_adjustment);

  if (self->updating || self->stack == NULL)
    return;
  set_range (self, min, max);
}

static void
histogram_range_changed_cb (ScWindow *self)
{
  if (self->updating || self->stack == NULL)
    return;
  set_range (self,
             sc_histogram_view_get_lower (self->histogram_view),
             sc_histogram_view_get_upper (self->histogram_view));
}

static void
hist_source_toggled_cb (ScWindow *self)
{
  if (self->stack == NULL)
    return;

  if (gtk_toggle_button_get_active (self->hist_stack_button) &&
      self->channels[self->c].stack_hist == NULL)
    compute_stack_histogram (self, self->c);
  sc_histogram_view_set_histogram (self->histogram_view, current_histogram (self));
}

/* Stack histograms, computed in a worker thread */

typedef struct {
  ScStack *stack;
  guint    c;
} StackHistJob;

static void
stack_hist_job_free (StackHistJob *job)
{
  g_clear_object (&job->stack);
  g_free (job);
}

static void
stack_hist_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StackHistJob *job = task_data;
  ScStack *stack = job->stack;
  ScSampleType type = sc_stack_get_sample_type (stack);
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  gsize stride = sc_stack_get_row_stride (stack);
  guint spp = sc_stack_get_samples_per_pixel (stack);
  guint nz = sc_stack_get_n_slices (stack), nt = sc_stack_get_n_frames (stack);
  gboolean exact = sc_sample_type_is_integer (type) && sc_sample_type_size (type) <= 2;
  g_autofree guint8 *buffer = g_malloc (sc_stack_get_plane_size (stack));
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  ScHistogram *hist;
  GError *error = NULL;

  /* other types need the range first: one pass for it, one for the counts */
  for (guint pass = exact ? 1 : 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          if (!exact && hi <= lo)
            hi = lo + 1;
          hist = sc_histogram_new_for_type (type, exact ? 0 : lo, exact ? 1 : hi + (hi - lo) * 1e-6);
        }

      for (guint t = 0; t < nt; t++)
        for (guint z = 0; z < nz; z++)
          {
            guint index = sc_stack_plane_index (stack, job->c, z, t);

            if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
                !sc_stack_read_plane (stack, index, buffer, &error))
              {
                if (pass == 1)
                  sc_histogram_free (hist);
                g_task_return_error (task, error);
                return;
              }
            if (pass == 0)
              {
                double a, b;

                if (sc_plane_get_range (type, buffer, stride, spp, w, h, &a, &b))
                  {
                    lo = MIN (lo, a);
                    hi = MAX (hi, b);
                  }
              }
            else
              sc_histogram_add (hist, buffer, stride, spp, w, h);
          }
    }

  g_task_return_pointer (task, hist, (GDestroyNotify) sc_histogram_free);
}

static void
stack_hist_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  StackHistJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ScHistogram *hist = g_task_propagate_pointer (G_TASK (result), &error);

  if (hist == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_toast (self, error->message);
      return;
    }

  if (job->stack != self->stack || job->c >= self->n_channels)
    {
      sc_histogram_free (hist);
      return;
    }

  g_clear_pointer (&self->channels[job->c].stack_hist, sc_histogram_free);
  self->channels[job->c].stack_hist = hist;
  if (job->c == self->c)
    sc_histogram_view_set_histogram (self->histogram_view, current_histogram (self));
}

static void
compute_stack_histogram (ScWindow *self,
                         guint     c)
{
  g_autoptr(GTask) task = NULL;
  StackHistJob *job = g_new0 (StackHistJob, 1);

  job->stack = g_object_ref (self->stack);
  job->c = c;
  task = g_task_new (NULL, self->cancellable, stack_hist_done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) stack_hist_job_free);
  g_task_run_in_thread (task, stack_hist_thread);
}

/* Readout and profile */

static void
update_readout (ScWindow *self)
{
  const ScCalibration *cal;
  const char *unit;
  GString *s;
  guint x, y, w, h;
  ScSampleType type;
  gsize stride;
  guint spp;

  if (self->stack == NULL)
    return;

  w = sc_stack_get_width (self->stack);
  h = sc_stack_get_height (self->stack);
  if (self->pointer_x < 0 || self->pointer_y < 0 || self->pointer_x >= w || self->pointer_y >= h)
    {
      g_autofree char *text = g_strdup_printf (_("%u × %u pixels — point at the image to read values, drag to pan, "
                                                 "Ctrl+scroll to zoom, click for a profile"),
                                               w, h);
      gtk_label_set_label (self->readout_label, text);
      return;
    }

  x = (guint) self->pointer_x;
  y = (guint) self->pointer_y;
  cal = sc_stack_get_calibration (self->stack);
  unit = unit_symbol (cal->unit);
  type = sc_stack_get_sample_type (self->stack);
  stride = sc_stack_get_row_stride (self->stack);
  spp = sc_stack_get_samples_per_pixel (self->stack);

  s = g_string_new (NULL);
  g_string_append_printf (s, "x %u  y %u", x, y);
  if (unit && cal->pixel_width > 0)
    g_string_append_printf (s, "  (%.3f, %.3f %s)", x * cal->pixel_width,
                            y * (cal->pixel_height > 0 ? cal->pixel_height : cal->pixel_width), unit);
  if (sc_stack_get_n_slices (self->stack) > 1)
    g_string_append_printf (s, "  ·  z %u/%u", self->z + 1, sc_stack_get_n_slices (self->stack));
  if (self->n_channels > 1 && !self->composite)
    g_string_append_printf (s, "  ·  c %u/%u", self->c + 1, self->n_channels);
  if (sc_stack_get_n_frames (self->stack) > 1)
    g_string_append_printf (s, "  ·  t %u/%u", self->t + 1, sc_stack_get_n_frames (self->stack));

  if (spp >= 3)
    {
      gconstpointer data = self->channels[self->c].data;

      g_string_append_printf (s, "  ·  RGB %g, %g, %g",
                              sc_plane_get_value (type, data, stride, spp, x, y, 0),
                              sc_plane_get_value (type, data, stride, spp, x, y, 1),
                              sc_plane_get_value (type, data, stride, spp, x, y, 2));
    }
  else if (self->composite && self->n_channels > 1)
    {
      g_string_append (s, "  ·  ");
      g_string_append (s, _("values"));
      for (guint c = 0; c < self->n_channels; c++)
        {
          g_autofree char *v = format_value (sc_plane_get_value (type, self->channels[c].data,
                                                                 stride, 1, x, y, 0),
                                             is_integer_type (self));
          g_string_append_printf (s, "%s %s", c ? "," : "", v);
        }
    }
  else if (self->channels[self->c].data != NULL)
    {
      g_autofree char *v = format_value (sc_plane_get_value (type, self->channels[self->c].data,
                                                             stride, 1, x, y, 0),
                                         is_integer_type (self));
      g_string_append_printf (s, "  ·  %s %s", _("value"), v);
    }

  gtk_label_set_label (self->readout_label, s->str);
  g_string_free (s, TRUE);
}

static void
pointer_moved_cb (ScWindow *self,
                  double    x,
                  double    y)
{
  self->pointer_x = x;
  self->pointer_y = y;
  update_readout (self);
}

typedef struct {
  ScStack *stack;
  guint    c, z, t;
  guint    x, y;
  gboolean along_t;
  guint    n;
  double  *values;
} ProfileJob;

static void
profile_job_free (ProfileJob *job)
{
  g_clear_object (&job->stack);
  g_free (job->values);
  g_free (job);
}

static void
profile_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProfileJob *job = task_data;
  ScSampleType type = sc_stack_get_sample_type (job->stack);
  guint spp = sc_stack_get_samples_per_pixel (job->stack);
  gsize stride = sc_stack_get_row_stride (job->stack);
  g_autofree guint8 *row = g_malloc (stride);
  GError *error = NULL;

  job->values = g_new0 (double, job->n);
  for (guint i = 0; i < job->n; i++)
    {
      guint index = sc_stack_plane_index (job->stack, job->c, job->along_t ? job->z : i,
                                          job->along_t ? i : job->t);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !sc_stack_read_rows (job->stack, index, job->y, 1, row, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      job->values[i] = sc_plane_get_value (type, row, stride, spp, job->x, 0, 0);
    }
  g_task_return_boolean (task, TRUE);
}

static void
profile_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  ProfileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const ScCalibration *cal;
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_toast (self, error->message);
      return;
    }
  if (job->stack != self->stack)
    return;

  cal = sc_stack_get_calibration (self->stack);
  if (job->along_t)
    sc_profile_view_set_data (self->profile_view, job->values, job->n, self->t, "t",
                              cal->frame_interval, cal->time_unit);
  else
    sc_profile_view_set_data (self->profile_view, job->values, job->n, self->z, "z",
                              cal->pixel_depth, unit_symbol (cal->unit));

  /* Translators: the profile of pixel (x, y) along Z or T */
  title = g_strdup_printf (job->along_t ? _("T Profile at %u, %u") : _("Z Profile at %u, %u"),
                           job->x, job->y);
  gtk_label_set_label (self->profile_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_hint), FALSE);
}

static void
pixel_activated_cb (ScWindow *self,
                    guint     x,
                    guint     y)
{
  g_autoptr(GTask) task = NULL;
  ProfileJob *job;

  if (self->stack == NULL || sc_stack_get_n_slices (self->stack) * sc_stack_get_n_frames (self->stack) < 2)
    return;

  self->profile_x = x;
  self->profile_y = y;
  sc_plane_view_set_marker (self->plane_view, x, y);

  job = g_new0 (ProfileJob, 1);
  job->stack = g_object_ref (self->stack);
  job->c = self->c;
  job->z = self->z;
  job->t = self->t;
  job->x = x;
  job->y = y;
  job->along_t = sc_stack_get_n_slices (self->stack) == 1 && sc_stack_get_n_frames (self->stack) > 1;
  job->n = job->along_t ? sc_stack_get_n_frames (self->stack) : sc_stack_get_n_slices (self->stack);

  if (!gtk_toggle_button_get_active (self->sidebar_button))
    gtk_toggle_button_set_active (self->sidebar_button, TRUE);

  task = g_task_new (NULL, self->cancellable, profile_done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) profile_job_free);
  g_task_run_in_thread (task, profile_thread);
}

/* Navigation */

static void
z_changed_cb (ScWindow *self)
{
  if (self->updating || self->stack == NULL)
    return;
  _sc_window_set_plane (self, self->c, (guint) gtk_adjustment_get_value (self->z_adjustment) - 1,
                        self->t);
}

static void
t_changed_cb (ScWindow *self)
{
  if (self->updating || self->stack == NULL)
    return;
  _sc_window_set_plane (self, self->c, self->z,
                        (guint) gtk_adjustment_get_value (self->t_adjustment) - 1);
}

static void
channel_selected_cb (ScWindow *self)
{
  guint c = gtk_drop_down_get_selected (self->channel_dropdown);

  if (self->updating || self->stack == NULL || c == GTK_INVALID_LIST_POSITION)
    return;
  _sc_window_set_plane (self, c, self->z, self->t);
}

static void
composite_changed_cb (ScWindow *self)
{
  if (self->updating)
    return;
  _sc_window_set_composite (self, gtk_switch_get_active (self->composite_switch));
}

static gboolean
play_tick (gpointer data)
{
  ScWindow *self = data;
  guint nz, nt;

  if (self->stack == NULL)
    {
      self->play_source = 0;
      return G_SOURCE_REMOVE;
    }

  nz = sc_stack_get_n_slices (self->stack);
  nt = sc_stack_get_n_frames (self->stack);
  /* time series play through time, Z stacks through Z */
  if (nt > 1)
    _sc_window_set_plane (self, self->c, self->z, (self->t + 1) % nt);
  else
    _sc_window_set_plane (self, self->c, (self->z + 1) % nz, self->t);

  return G_SOURCE_CONTINUE;
}

static void
stop_playing (ScWindow *self)
{
  if (self->play_source == 0)
    return;
  g_clear_handle_id (&self->play_source, g_source_remove);
  gtk_button_set_icon_name (self->play_button, "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Play Through the Planes (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play"), -1);
}

static void
start_playing (ScWindow *self)
{
  double rate = gtk_adjustment_get_value (self->rate_adjustment);

  g_clear_handle_id (&self->play_source, g_source_remove);
  self->play_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, (guint) (1000 / MAX (rate, 0.5)),
                                          play_tick, self, NULL);
  gtk_button_set_icon_name (self->play_button, "media-playback-stop-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Stop (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stop"), -1);
}

gboolean
_sc_window_get_playing (ScWindow *self)
{
  return self->play_source != 0;
}

void
_sc_window_toggle_play (ScWindow *self)
{
  if (self->play_source)
    stop_playing (self);
  else if (self->stack != NULL && sc_stack_get_n_slices (self->stack) * sc_stack_get_n_frames (self->stack) > 1)
    start_playing (self);
}

static void
rate_changed_cb (ScWindow *self)
{
  if (self->play_source)
    start_playing (self);
}

static void
zoom_changed_cb (ScWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f%%", 100 * sc_plane_view_get_zoom (self->plane_view));

  gtk_label_set_label (self->zoom_label, text);
}

/* Opening */

static void
init_channels (ScWindow *self)
{
  guint n = sc_stack_get_n_channels (self->stack);
  ScSampleType type = sc_stack_get_sample_type (self->stack);
  g_autofree char *saved = g_settings_get_string (self->settings, "colormap");
  ScColormap single = SC_COLORMAP_GRAY;
  double tmin, tmax;

  sc_colormap_from_name (saved, &single);
  sc_sample_type_get_range (type, &tmin, &tmax);

  self->n_channels = n;
  self->channels = g_new0 (ScChannelView, n);
  for (guint c = 0; c < n; c++)
    {
      ScChannelView *ch = &self->channels[c];

      sc_render_params_init (&ch->params, tmin, tmax,
                             n == 1 ? single : sc_colormap_for_channel (c, n));
      if (n == 1)
        {
          ch->params.log_scale = g_settings_get_boolean (self->settings, "log-scale");
          /* a file's own LUT wins over the remembered colormap */
          ch->params.lut = sc_stack_get_palette (self->stack);
          if (ch->params.lut)
            ch->params.colormap = SC_COLORMAP_GRAY;
        }
    }
}

/* Every visible channel starts auto-contrasted on the plane shown, so that low-contrast
 * data opens stretched rather than black. */
static void
auto_contrast_all (ScWindow *self)
{
  for (guint c = 0; c < self->n_channels; c++)
    {
      ScChannelView *ch = &self->channels[c];
      g_autoptr(ScHistogram) hist = NULL;
      double min, max;

      if (ch->data == NULL)
        continue;
      hist = new_histogram_for_plane (self, ch->data);
      if (_sc_window_auto_range (hist, &min, &max))
        {
          ch->params.min = min;
          ch->params.max = max;
          g_clear_pointer (&ch->table, sc_render_table_free);
        }
    }
}

static char *
describe_shape (ScStack *stack)
{
  GString *s = g_string_new (NULL);
  ScSampleType type = sc_stack_get_sample_type (stack);
  guint nc = sc_stack_get_n_channels (stack);
  guint nz = sc_stack_get_n_slices (stack);
  guint nt = sc_stack_get_n_frames (stack);

  g_string_append_printf (s, "%u × %u", sc_stack_get_width (stack), sc_stack_get_height (stack));
  if (nz > 1)
    g_string_append_printf (s, ngettext (" · %u plane", " · %u planes", nz), nz);
  if (nc > 1)
    g_string_append_printf (s, ngettext (" · %u channel", " · %u channels", nc), nc);
  if (nt > 1)
    g_string_append_printf (s, ngettext (" · %u time point", " · %u time points", nt), nt);
  g_string_append_printf (s, " · %s", sc_sample_type_to_string (type));
  if (sc_stack_get_samples_per_pixel (stack) >= 3)
    g_string_append (s, " RGB");

  return g_string_free (s, FALSE);
}

/* Sets every control from the view state (stack, channels, c, z, t, composite). */
static void
show_view (ScWindow *self,
           gboolean  fit)
{
  g_autoptr(GtkStringList) channel_names = gtk_string_list_new (NULL);
  g_autofree char *subtitle = NULL;
  ScStack *stack = self->stack;
  const char *title;
  guint nc, nz, nt;

  nc = sc_stack_get_n_channels (stack);
  nz = sc_stack_get_n_slices (stack);
  nt = sc_stack_get_n_frames (stack);

  self->updating++;
  for (guint c = 0; c < nc; c++)
    {
      g_autofree char *name = g_strdup_printf (_("Channel %u"), c + 1);
      gtk_string_list_append (channel_names, name);
    }
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channel_names));
  gtk_drop_down_set_selected (self->channel_dropdown, self->c);
  gtk_switch_set_active (self->composite_switch, self->composite);
  gtk_adjustment_configure (self->z_adjustment, self->z + 1, 1, MAX (nz, 1), 1, MAX (nz / 10, 1), 0);
  gtk_adjustment_configure (self->t_adjustment, self->t + 1, 1, MAX (nt, 1), 1, MAX (nt / 10, 1), 0);
  gtk_toggle_button_set_active (self->hist_plane_button, TRUE);
  self->updating--;

  gtk_widget_set_visible (self->channel_box, nc > 1);
  gtk_widget_set_visible (self->z_box, nz > 1);
  gtk_widget_set_visible (self->t_box, nt > 1);
  gtk_widget_set_visible (self->nav_box, nz > 1 || nt > 1);

  self->profile_x = self->profile_y = -1;
  sc_profile_view_clear (self->profile_view);
  sc_plane_view_set_marker (self->plane_view, -1, -1);
  gtk_label_set_label (self->profile_title,
                       nz == 1 && nt > 1 ? _("T Profile") : _("Z Profile"));
  /* a single plane has no profile to plot */
  gtk_widget_set_visible (GTK_WIDGET (self->profile_title), nz > 1 || nt > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_view), nz > 1 || nt > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_hint), nz > 1 || nt > 1);

  title = self->current_page ? adw_tab_page_get_title (self->current_page) : NULL;
  if (title == NULL || *title == '\0')
    title = sc_stack_get_display_name (stack);
  adw_window_title_set_title (self->window_title, title);
  subtitle = describe_shape (stack);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);

  {
    g_autoptr(GError) error = NULL;

    if (!load_planes (self, &error))
      _sc_window_show_toast (self, error->message);
  }
  if (self->keep_auto)
    auto_contrast_all (self);

  gtk_stack_set_visible_child_name (self->main_stack, "viewer");
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), TRUE);
  if (fit)
    sc_plane_view_zoom_to_fit (self->plane_view);
  render (self);
  update_histogram (self);
  update_display_controls (self);
  update_nav_labels (self);
  update_readout (self);
  _sc_window_actions_update (self);
}

static void
set_stack (ScWindow *self,
           ScStack  *stack)
{
  stop_playing (self);
  _sc_window_projection_reset (self);
  clear_channels (self);
  g_set_object (&self->stack, stack);

  init_channels (self);
  self->c = 0;
  self->z = sc_stack_get_n_slices (stack) / 2;   /* the middle of a Z stack shows more than its first plane */
  self->t = 0;
  self->composite = sc_stack_get_n_channels (stack) > 1 && !is_rgb (self);
  self->is_result = FALSE;
  self->keep_auto = TRUE;
  self->pointer_x = self->pointer_y = -1;

  _sc_window_projection_add_source_page (self, stack);
  show_view (self, TRUE);
  self->keep_auto = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->plane_view));
}

/* View states of the tabs */

void
_sc_window_view_state_free (ScViewState *state)
{
  for (guint i = 0; i < state->n_channels; i++)
    {
      g_clear_pointer (&state->channels[i].table, sc_render_table_free);
      g_clear_pointer (&state->channels[i].stack_hist, sc_histogram_free);
      g_clear_pointer (&state->channels[i].buffer, g_free);
    }
  g_free (state->channels);
  g_clear_object (&state->stack);
  g_free (state);
}

void
_sc_window_stash_view (ScWindow    *self,
                       ScViewState *state)
{
  g_assert (state->stack == NULL && state->channels == NULL);

  stop_playing (self);
  state->stack = g_steal_pointer (&self->stack);
  state->channels = g_steal_pointer (&self->channels);
  state->n_channels = self->n_channels;
  state->c = self->c;
  state->z = self->z;
  state->t = self->t;
  state->composite = self->composite;
  state->is_result = self->is_result;
  state->keep_auto = self->keep_auto;
  self->n_channels = 0;
  g_clear_pointer (&self->plane_hist, sc_histogram_free);
}

void
_sc_window_restore_view (ScWindow    *self,
                         ScViewState *state)
{
  clear_channels (self);
  g_clear_object (&self->stack);
  self->stack = g_steal_pointer (&state->stack);
  self->channels = g_steal_pointer (&state->channels);
  self->n_channels = state->n_channels;
  state->n_channels = 0;
  self->c = state->c;
  self->z = state->z;
  self->t = state->t;
  self->composite = state->composite;
  self->is_result = state->is_result;
  self->keep_auto = state->keep_auto;
  if (self->stack != NULL)
    show_view (self, FALSE);
}

/* The state of a new result view: its channels take their colours from the channels of
 * the stack shown (or channel, when one was projected), their range from the data. */
ScViewState *
_sc_window_new_result_state (ScWindow *self,
                             ScStack  *result,
                             int       channel)
{
  ScViewState *state = g_new0 (ScViewState, 1);
  guint n = sc_stack_get_n_channels (result);

  state->stack = g_object_ref (result);
  state->n_channels = n;
  state->channels = g_new0 (ScChannelView, n);
  for (guint c = 0; c < n; c++)
    {
      guint from = channel >= 0 ? (guint) channel : c;
      ScChannelView *ch = &state->channels[c];

      if (self->channels != NULL && from < self->n_channels)
        ch->params = self->channels[from].params;
      else
        sc_render_params_init (&ch->params, 0, 1, sc_colormap_for_channel (c, n));
    }
  state->composite = n > 1 && sc_stack_get_samples_per_pixel (result) == 1 &&
                     (self->composite || self->n_channels <= 1);
  state->c = channel < 0 && self->c < n ? self->c : 0;
  state->is_result = TRUE;
  state->keep_auto = TRUE;
  return state;
}

/* As _sc_window_update_result(), with the expensive parts done by a worker: each
 * channel's histogram of the plane shown and its automatic range, and the pixels
 * rendered with params (the channels' parameters with those ranges). The pixels are
 * used when the view still shows what they were made for. */
void
_sc_window_update_result_prepared (ScWindow              *self,
                                   ScStack               *result,
                                   ScResultView          *view)
{
  g_autoptr(GError) error = NULL;
  gboolean same = view->pixels != NULL && view->c == self->c && view->t == self->t &&
                  view->composite == self->composite && view->n_channels == self->n_channels;

  g_set_object (&self->stack, result);
  for (guint c = 0; c < self->n_channels; c++)
    g_clear_pointer (&self->channels[c].stack_hist, sc_histogram_free);
  if (!load_planes (self, &error))
    {
      _sc_window_show_toast (self, error->message);
      return;
    }
  for (guint c = 0; c < self->n_channels && c < view->n_channels; c++)
    {
      ScChannelView *ch = &self->channels[c];

      if (self->keep_auto && view->has_range[c])
        {
          ch->params.min = view->params[c].min;
          ch->params.max = view->params[c].max;
          g_clear_pointer (&ch->table, sc_render_table_free);
        }
      if (!sc_render_params_equal (&ch->params, &view->params[c]))
        same = FALSE;
    }

  g_clear_pointer (&self->plane_hist, sc_histogram_free);
  if (view->hists != NULL && self->c < view->n_channels)
    self->plane_hist = g_steal_pointer (&view->hists[self->c]);
  if (self->plane_hist == NULL && self->channels[self->c].data != NULL)
    self->plane_hist = new_histogram_for_plane (self, self->channels[self->c].data);

  if (same)
    sc_plane_view_set_image (self->plane_view, view->pixels, sc_stack_get_width (result),
                             sc_stack_get_height (result));
  else
    render (self);
  update_display_controls (self);
  update_readout (self);
}

/* A new version of the result shown (the projection so far, or its end), of the same
 * shape: the range follows the data until the user sets one. */
void
_sc_window_update_result (ScWindow *self,
                          ScStack  *result)
{
  g_autoptr(GError) error = NULL;

  g_set_object (&self->stack, result);
  for (guint c = 0; c < self->n_channels; c++)
    g_clear_pointer (&self->channels[c].stack_hist, sc_histogram_free);
  if (!load_planes (self, &error))
    {
      _sc_window_show_toast (self, error->message);
      return;
    }
  if (self->keep_auto)
    {
      auto_contrast_all (self);
      update_display_controls (self);
    }
  render (self);
  update_histogram (self);
  update_readout (self);
}

static void
begin_loading (ScWindow   *self,
               const char *what)
{
  g_autofree char *text = g_strdup_printf (_("Opening %s…"), what);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  _sc_window_projection_cancel (self);

  stop_playing (self);
  gtk_label_set_label (self->loading_label, text);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
}

static void
end_loading (ScWindow *self)
{
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, self->stack ? "viewer" : "empty");
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open_finish (result, &error);

  if (stack == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      end_loading (self);
      _sc_window_show_toast (self, error->message);
      return;
    }

  gtk_spinner_stop (self->spinner);
  set_stack (self, stack);

  if (sc_stack_get_path (stack) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (sc_stack_get_path (stack));
      g_autofree char *uri = g_file_get_uri (file);

      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
}

void
sc_window_open_file (ScWindow *self,
                     GFile    *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _sc_window_show_toast (self, _("Only local files can be opened"));
      return;
    }

  name = g_file_get_basename (file);
  begin_loading (self, name);
  sc_stack_open_async (path, self->cancellable, open_done, g_object_ref (self));
}

static void
sample_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_task_return_pointer (task, sc_demo_stack_new (), g_object_unref);
}

static void
sample_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = g_task_propagate_pointer (G_TASK (result), &error);

  if (stack == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_loading (self);
          _sc_window_show_toast (self, error->message);
        }
      return;
    }

  gtk_spinner_stop (self->spinner);
  set_stack (self, stack);
}

void
sc_window_open_sample (ScWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_WINDOW (self));

  begin_loading (self, _("the sample stack"));
  task = g_task_new (NULL, self->cancellable, sample_done, g_object_ref (self));
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, sample_thread);
}

ScStack *
sc_window_get_stack (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->stack;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         ScWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  sc_window_open_file (self, files->data);
  if (files->next != NULL)
    _sc_window_show_toast (self, _("Opened the first of the dropped items"));
  g_slist_free (files);
  return TRUE;
}

/* GObject */

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _sc_window_projection_dispose (self);
  g_clear_handle_id (&self->play_source, g_source_remove);
  clear_channels (self);
  g_clear_object (&self->stack);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);

  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_finalize (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_window_parent_class)->finalize (object);
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_window_dispose;
  object_class->finalize = sc_window_finalize;

  g_type_ensure (SC_TYPE_PLANE_VIEW);
  g_type_ensure (SC_TYPE_TAB_STRIP);
  g_type_ensure (SC_TYPE_HISTOGRAM_VIEW);
  g_type_ensure (SC_TYPE_COLOR_BAR);
  g_type_ensure (SC_TYPE_COLORMAP_BUTTON);
  g_type_ensure (SC_TYPE_PROFILE_VIEW);
  g_type_ensure (SC_TYPE_PROJECTION_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/stackscope/Stackscope/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, info_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, plane_view);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, nav_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, z_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, z_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, z_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, t_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, t_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, t_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, readout_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, plane_source_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, channel_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, composite_switch);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, colormap_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, log_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, histogram_view);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, color_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, min_spin);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, max_spin);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, min_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, gamma_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, hist_plane_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, hist_stack_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, profile_title);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, profile_view);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, profile_hint);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, recent_submenu);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, projection_panel);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, export_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, export_progress);

  _sc_window_class_actions_init (klass);
}

static void
sc_window_init (ScWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->profile_x = self->profile_y = -1;
  self->pointer_x = self->pointer_y = -1;

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-visible", self->sidebar_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "play-rate", self->rate_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_swapped (self->z_adjustment, "value-changed", G_CALLBACK (z_changed_cb), self);
  g_signal_connect_swapped (self->t_adjustment, "value-changed", G_CALLBACK (t_changed_cb), self);
  g_signal_connect_swapped (self->rate_adjustment, "value-changed", G_CALLBACK (rate_changed_cb), self);
  g_signal_connect_swapped (self->channel_dropdown, "notify::selected",
                            G_CALLBACK (channel_selected_cb), self);
  g_signal_connect_swapped (self->composite_switch, "notify::active",
                            G_CALLBACK (composite_changed_cb), self);
  g_signal_connect_swapped (self->colormap_button, "notify::colormap",
                            G_CALLBACK (colormap_changed_cb), self);
  g_signal_connect_swapped (self->log_button, "toggled", G_CALLBACK (log_toggled_cb), self);
  g_signal_connect_swapped (self->gamma_adjustment, "value-changed", G_CALLBACK (gamma_changed_cb), self);
  g_signal_connect_swapped (self->min_adjustment, "value-changed", G_CALLBACK (spin_changed_cb), self);
  g_signal_connect_swapped (self->max_adjustment, "value-changed", G_CALLBACK (spin_changed_cb), self);
  g_signal_connect_swapped (self->histogram_view, "notify::lower",
                            G_CALLBACK (histogram_range_changed_cb), self);
  g_signal_connect_swapped (self->histogram_view, "notify::upper",
                            G_CALLBACK (histogram_range_changed_cb), self);
  g_signal_connect_swapped (self->hist_stack_button, "toggled", G_CALLBACK (hist_source_toggled_cb), self);
  g_signal_connect_swapped (self->plane_view, "pointer-moved", G_CALLBACK (pointer_moved_cb), self);
  g_signal_connect_swapped (self->plane_view, "pixel-activated", G_CALLBACK (pixel_activated_cb), self);
  g_signal_connect_swapped (self->plane_view, "notify::zoom", G_CALLBACK (zoom_changed_cb), self);
  zoom_changed_cb (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), FALSE);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (_sc_window_update_recent), self, G_CONNECT_SWAPPED);
  _sc_window_update_recent (self);
  _sc_window_projection_init (self);
  _sc_window_actions_update (self);
}

ScWindow *
sc_window_new (ScApplication *application)
{
  return g_object_new (SC_TYPE_WINDOW, "application", application, NULL);
}
