/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-view-state"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-view-state.h"
#include "sc-view-state-private.h"

enum {
  PROP_0,
  PROP_STACK,
  PROP_CHANNEL,
  PROP_SLICE,
  PROP_FRAME,
  PROP_COMPOSITE,
  PROP_ZOOM,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_N_CHANNELS,
  PROP_FOLLOW_DATA,
  N_PROPS
};

enum {
  CHANNEL_CHANGED,
  DISPLAY_CHANGED,
  EDITED,
  BEGIN_USER_ACTION,
  END_USER_ACTION,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScViewState, sc_view_state, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_rgb (ScViewState *self)
{
  return self->stack != NULL && sc_stack_get_samples_per_pixel (self->stack) >= 3;
}

static gboolean
can_composite (ScViewState *self)
{
  return self->n_channels > 1 && !is_rgb (self);
}

/* Whether channel c is part of the pixels shown. */
static gboolean
shows_channel (ScViewState *self,
               guint        c)
{
  if (self->composite)
    return self->channels[c].visible;
  return c == self->c;
}

/* Drops the cached snapshot; pixels: the pixels it shows changed too. */
static void
invalidate (ScViewState *self,
            gboolean     pixels)
{
  g_clear_pointer (&self->snapshot, sc_view_snapshot_unref);
  if (pixels)
    self->serial = 0;
}

void
sc_view_state_get_settings (ScViewState    *self,
                            guint           c,
                            ScViewSettings *settings)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);
  g_return_if_fail (settings != NULL);

  settings->params = self->channels[c].params;
  settings->visible = self->channels[c].visible;
  settings->composite = self->composite;
}

/* After an edit of channel c that started from before: "edited", if it changed anything. */
static void
edited (ScViewState          *self,
        guint                 c,
        const ScViewSettings *before)
{
  if (sc_render_params_equal (&before->params, &self->channels[c].params) &&
      before->visible == self->channels[c].visible && before->composite == self->composite)
    return;
  g_signal_emit (self, signals[EDITED], 0, c, before);
}

/* A file's LUT that is one of the bundled colormaps (ImageJ's Green, Blue, Grays...)
 * becomes that colormap, so that the colormap chooser names it; any other stays a LUT. */
static void
set_file_lut (ScRenderParams *params,
              const guint8   *lut)
{
  for (guint m = 0; m < SC_N_COLORMAPS; m++)
    if (memcmp (sc_colormap_get_table ((ScColormap) m), lut, 768) == 0)
      {
        sc_render_params_set_lut (params, NULL);
        params->colormap = (ScColormap) m;
        return;
      }
  sc_render_params_set_lut (params, lut);
}

static void
init_channels (ScViewState *self)
{
  guint n = sc_stack_get_n_channels (self->stack);
  const guint8 *palette = sc_stack_get_palette (self->stack);
  ScCompositeMode mode = sc_stack_get_composite_mode (self->stack);
  double tmin, tmax;

  sc_sample_type_get_range (sc_stack_get_sample_type (self->stack), &tmin, &tmax);

  self->n_channels = n;
  self->channels = g_new0 (ScViewChannel, n);
  for (guint c = 0; c < n; c++)
    {
      ScViewChannel *ch = &self->channels[c];
      ScChannelDisplay hint;

      sc_render_params_init (&ch->params, tmin, tmax,
                             n == 1 || mode == SC_COMPOSITE_MODE_GRAYSCALE
                             ? SC_COLORMAP_GRAY : sc_colormap_for_channel (c, n));
      /* a file's own LUT is how its single channel is meant to be seen */
      if (n == 1 && palette != NULL)
        sc_render_params_set_lut (&ch->params, palette);
      /* as the file was last shown (ImageJ's LUTs and display ranges, OME's colours);
       * ImageJ's grayscale mode shows every channel in gray, whatever its LUT */
      if (sc_stack_get_channel_display (self->stack, c, &hint))
        {
          if (hint.lut != NULL && !is_rgb (self) && mode != SC_COMPOSITE_MODE_GRAYSCALE)
            set_file_lut (&ch->params, hint.lut);
          if (hint.has_range && hint.max > hint.min)
            {
              ch->params.min = hint.min;
              ch->params.max = hint.max;
              ch->has_range = TRUE;
            }
        }
      ch->visible = TRUE;
    }

  self->c = 0;
  /* the middle of a Z stack shows more than its first plane */
  self->z = sc_stack_get_n_slices (self->stack) / 2;
  self->t = 0;
  self->composite = can_composite (self) && mode != SC_COMPOSITE_MODE_COLOR
                    && mode != SC_COMPOSITE_MODE_GRAYSCALE;
  self->center_x = sc_stack_get_width (self->stack) / 2.0;
  self->center_y = sc_stack_get_height (self->stack) / 2.0;
}

static void
sc_view_state_finalize (GObject *object)
{
  ScViewState *self = SC_VIEW_STATE (object);

  g_clear_pointer (&self->snapshot, sc_view_snapshot_unref);
  g_clear_pointer (&self->channels, g_free);
  g_clear_object (&self->stack);

  G_OBJECT_CLASS (sc_view_state_parent_class)->finalize (object);
}

static void
sc_view_state_constructed (GObject *object)
{
  ScViewState *self = SC_VIEW_STATE (object);

  G_OBJECT_CLASS (sc_view_state_parent_class)->constructed (object);

  g_return_if_fail (SC_IS_STACK (self->stack));
  init_channels (self);
}

static void
sc_view_state_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScViewState *self = SC_VIEW_STATE (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    case PROP_CHANNEL:
      g_value_set_uint (value, self->c);
      break;
    case PROP_SLICE:
      g_value_set_uint (value, self->z);
      break;
    case PROP_FRAME:
      g_value_set_uint (value, self->t);
      break;
    case PROP_COMPOSITE:
      g_value_set_boolean (value, self->composite);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;
    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;
    case PROP_N_CHANNELS:
      g_value_set_uint (value, self->n_channels);
      break;
    case PROP_FOLLOW_DATA:
      g_value_set_boolean (value, self->follow_data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_view_state_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScViewState *self = SC_VIEW_STATE (object);

  switch (prop_id)
    {
    case PROP_STACK:
      self->stack = g_value_dup_object (value);
      break;
    case PROP_CHANNEL:
      sc_view_state_set_channel (self, g_value_get_uint (value));
      break;
    case PROP_SLICE:
      sc_view_state_set_slice (self, g_value_get_uint (value));
      break;
    case PROP_FRAME:
      sc_view_state_set_frame (self, g_value_get_uint (value));
      break;
    case PROP_COMPOSITE:
      sc_view_state_set_composite (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM:
      sc_view_state_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_CENTER_X:
      sc_view_state_set_center (self, g_value_get_double (value), self->center_y);
      break;
    case PROP_CENTER_Y:
      sc_view_state_set_center (self, self->center_x, g_value_get_double (value));
      break;
    case PROP_FOLLOW_DATA:
      sc_view_state_set_follow_data (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_view_state_class_init (ScViewStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sc_view_state_finalize;
  object_class->constructed = sc_view_state_constructed;
  object_class->get_property = sc_view_state_get_property;
  object_class->set_property = sc_view_state_set_property;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL, SC_TYPE_STACK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANNEL] = g_param_spec_uint ("channel", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_SLICE] = g_param_spec_uint ("slice", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_FRAME] = g_param_spec_uint ("frame", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_COMPOSITE] = g_param_spec_boolean ("composite", NULL, NULL, FALSE, rw);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  properties[PROP_CENTER_X] =
    g_param_spec_double ("center-x", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  properties[PROP_CENTER_Y] =
    g_param_spec_double ("center-y", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  properties[PROP_N_CHANNELS] =
    g_param_spec_uint ("n-channels", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_DATA] = g_param_spec_boolean ("follow-data", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANNEL_CHANGED] =
    g_signal_new ("channel-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[DISPLAY_CHANGED] =
    g_signal_new ("display-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
  signals[BEGIN_USER_ACTION] =
    g_signal_new ("begin-user-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[END_USER_ACTION] =
    g_signal_new ("end-user-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_view_state_init (ScViewState *self)
{
}

ScViewState *
sc_view_state_new (ScStack *stack)
{
  g_return_val_if_fail (SC_IS_STACK (stack), NULL);

  return g_object_new (SC_TYPE_VIEW_STATE, "stack", stack, NULL);
}

ScViewState *
sc_view_state_new_for_result (ScStack     *result,
                              ScViewState *from,
                              int          channel)
{
  ScViewState *self;

  g_return_val_if_fail (SC_IS_STACK (result), NULL);
  g_return_val_if_fail (from == NULL || SC_IS_VIEW_STATE (from), NULL);

  self = sc_view_state_new (result);
  for (guint c = 0; c < self->n_channels; c++)
    {
      guint src = channel >= 0 ? (guint) channel : c;

      if (from != NULL && src < from->n_channels)
        self->channels[c].params = from->channels[src].params;
      else
        sc_render_params_init (&self->channels[c].params, 0, 1,
                               sc_colormap_for_channel (c, self->n_channels));
    }
  self->composite = can_composite (self) &&
                    (from == NULL || from->composite || from->n_channels <= 1);
  self->c = from != NULL && channel < 0 && from->c < self->n_channels ? from->c : 0;
  self->z = 0;
  self->follow_data = TRUE;
  return self;
}

ScStack *
sc_view_state_get_stack (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), NULL);
  return self->stack;
}

static gboolean
same_shape (ScStack *a,
            ScStack *b)
{
  return sc_stack_get_width (a) == sc_stack_get_width (b) &&
         sc_stack_get_height (a) == sc_stack_get_height (b) &&
         sc_stack_get_n_channels (a) == sc_stack_get_n_channels (b) &&
         sc_stack_get_n_slices (a) == sc_stack_get_n_slices (b) &&
         sc_stack_get_n_frames (a) == sc_stack_get_n_frames (b) &&
         sc_stack_get_sample_type (a) == sc_stack_get_sample_type (b) &&
         sc_stack_get_samples_per_pixel (a) == sc_stack_get_samples_per_pixel (b);
}

void
sc_view_state_update_stack (ScViewState *self,
                            ScStack     *stack)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (SC_IS_STACK (stack));
  g_return_if_fail (same_shape (self->stack, stack));

  if (!g_set_object (&self->stack, stack))
    return;
  invalidate (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
  g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
}

guint
sc_view_state_get_n_channels (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), 0);
  return self->n_channels;
}

guint
sc_view_state_get_channel (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), 0);
  return self->c;
}

guint
sc_view_state_get_slice (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), 0);
  return self->z;
}

guint
sc_view_state_get_frame (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), 0);
  return self->t;
}

/* Sets c, z and t without signals; returns whether the pixels shown change. */
static gboolean
update_position (ScViewState *self,
                 guint        c,
                 guint        z,
                 guint        t)
{
  gboolean pixels = FALSE;
  gboolean changed = FALSE;

  c = MIN (c, MAX (self->n_channels, 1) - 1);
  z = MIN (z, MAX (sc_stack_get_n_slices (self->stack), 1) - 1);
  t = MIN (t, MAX (sc_stack_get_n_frames (self->stack), 1) - 1);

  if (c != self->c)
    {
      self->c = c;
      changed = TRUE;
      /* a composite shows every visible channel, whichever is selected */
      pixels |= !self->composite;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
  if (z != self->z)
    {
      self->z = z;
      changed = pixels = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLICE]);
    }
  if (t != self->t)
    {
      self->t = t;
      changed = pixels = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
    }
  if (changed)
    invalidate (self, pixels);
  return pixels;
}

void
sc_view_state_set_position (ScViewState *self,
                            guint        c,
                            guint        z,
                            guint        t)
{
  gboolean pixels;

  g_return_if_fail (SC_IS_VIEW_STATE (self));

  g_object_freeze_notify (G_OBJECT (self));
  pixels = update_position (self, c, z, t);
  g_object_thaw_notify (G_OBJECT (self));
  if (pixels)
    g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
}

void
sc_view_state_set_channel (ScViewState *self,
                           guint        c)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  sc_view_state_set_position (self, c, self->z, self->t);
}

void
sc_view_state_set_slice (ScViewState *self,
                         guint        z)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  sc_view_state_set_position (self, self->c, z, self->t);
}

void
sc_view_state_set_frame (ScViewState *self,
                         guint        t)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  sc_view_state_set_position (self, self->c, self->z, t);
}

guint
sc_view_state_get_plane_index (ScViewState *self,
                               guint        c)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), 0);
  g_return_val_if_fail (c < self->n_channels, 0);

  return sc_stack_plane_index (self->stack, c, self->z, self->t);
}

gboolean
sc_view_state_get_composite (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), FALSE);
  return self->composite;
}

void
sc_view_state_set_composite (ScViewState *self,
                             gboolean     composite)
{
  ScViewSettings before;

  g_return_if_fail (SC_IS_VIEW_STATE (self));

  composite = composite && can_composite (self);
  if (composite == self->composite)
    return;

  sc_view_state_get_settings (self, self->c, &before);
  self->composite = composite;
  invalidate (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPOSITE]);
  g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
  edited (self, self->c, &before);
}

double
sc_view_state_get_zoom (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), 0);
  return self->zoom;
}

void
sc_view_state_set_zoom (ScViewState *self,
                        double       zoom)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));

  if (!(zoom > 0) || !isfinite (zoom))
    zoom = 0;
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
sc_view_state_get_center (ScViewState *self,
                          double      *x,
                          double      *y)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));

  if (x != NULL)
    *x = self->center_x;
  if (y != NULL)
    *y = self->center_y;
}

void
sc_view_state_set_center (ScViewState *self,
                          double       x,
                          double       y)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));

  x = isnan (x) ? 0 : CLAMP (x, 0, (double) sc_stack_get_width (self->stack));
  y = isnan (y) ? 0 : CLAMP (y, 0, (double) sc_stack_get_height (self->stack));

  if (x != self->center_x)
    {
      self->center_x = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
    }
  if (y != self->center_y)
    {
      self->center_y = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
    }
}

const ScRenderParams *
sc_view_state_get_params (ScViewState *self,
                          guint        c)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), NULL);
  g_return_val_if_fail (c < self->n_channels, NULL);

  return &self->channels[c].params;
}

/* After channel c's settings changed (by the caller): the signals, in their order. */
static void
channel_changed (ScViewState *self,
                 guint        c)
{
  gboolean pixels = shows_channel (self, c);

  invalidate (self, pixels);
  g_signal_emit (self, signals[CHANNEL_CHANGED], 0, c);
  if (pixels)
    g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
}

static void
update_range (ScViewState *self,
              guint        c,
              double       min,
              double       max,
              gboolean     by_user)
{
  ScViewChannel *ch = &self->channels[c];
  gboolean changed = ch->params.min != min || ch->params.max != max;

  ch->params.min = min;
  ch->params.max = max;
  ch->has_range = TRUE;
  if (by_user && self->follow_data)
    {
      self->follow_data = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_DATA]);
    }
  if (changed)
    channel_changed (self, c);
}

void
sc_view_state_set_range (ScViewState *self,
                         guint        c,
                         double       min,
                         double       max)
{
  ScViewSettings before;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);
  g_return_if_fail (!isnan (min) && !isnan (max));

  sc_view_state_get_settings (self, c, &before);
  update_range (self, c, min, max, TRUE);
  edited (self, c, &before);
}

void
sc_view_state_set_auto_range (ScViewState *self,
                              guint        c,
                              double       min,
                              double       max)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);
  g_return_if_fail (!isnan (min) && !isnan (max));

  update_range (self, c, min, max, FALSE);
}

void
sc_view_state_set_params (ScViewState          *self,
                          guint                 c,
                          const ScRenderParams *params)
{
  ScViewSettings before;
  ScRenderParams copy;
  gboolean changed;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);
  g_return_if_fail (params != NULL);
  g_return_if_fail ((guint) params->colormap < SC_N_COLORMAPS);
  g_return_if_fail (!isnan (params->min) && !isnan (params->max));
  g_return_if_fail (params->gamma > 0 && isfinite (params->gamma));

  sc_view_state_get_settings (self, c, &before);
  copy = *params;
  copy.log_scale = !!copy.log_scale;
  sc_render_params_set_lut (&copy, params->lut);
  changed = !sc_render_params_equal (&copy, &self->channels[c].params);
  self->channels[c].params = copy;
  /* as set_range(): the range is the user's now (no signal: it is set already) */
  update_range (self, c, copy.min, copy.max, TRUE);
  if (changed)
    channel_changed (self, c);
  edited (self, c, &before);
}

void
sc_view_state_set_gamma (ScViewState *self,
                         guint        c,
                         double       gamma)
{
  ScViewSettings before;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);
  g_return_if_fail (gamma > 0 && isfinite (gamma));

  if (self->channels[c].params.gamma == gamma)
    return;
  sc_view_state_get_settings (self, c, &before);
  self->channels[c].params.gamma = gamma;
  channel_changed (self, c);
  edited (self, c, &before);
}

void
sc_view_state_set_log_scale (ScViewState *self,
                             guint        c,
                             gboolean     log_scale)
{
  ScViewSettings before;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);

  log_scale = !!log_scale;
  if (self->channels[c].params.log_scale == log_scale)
    return;
  sc_view_state_get_settings (self, c, &before);
  self->channels[c].params.log_scale = log_scale;
  channel_changed (self, c);
  edited (self, c, &before);
}

void
sc_view_state_set_colormap (ScViewState *self,
                            guint        c,
                            ScColormap   colormap)
{
  ScViewSettings before;
  ScRenderParams *params;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);
  g_return_if_fail ((guint) colormap < SC_N_COLORMAPS);

  params = &self->channels[c].params;
  if (params->colormap == colormap && params->lut == NULL)
    return;
  sc_view_state_get_settings (self, c, &before);
  params->colormap = colormap;
  /* a chosen colormap replaces the file's own palette */
  params->lut = NULL;
  channel_changed (self, c);
  edited (self, c, &before);
}

void
sc_view_state_set_lut (ScViewState  *self,
                       guint         c,
                       const guint8 *lut)
{
  ScViewSettings before;
  ScRenderParams *params;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);

  params = &self->channels[c].params;
  lut = lut != NULL ? sc_render_lut_intern (lut) : NULL;
  if (params->lut == lut)
    return;
  sc_view_state_get_settings (self, c, &before);
  params->lut = lut;
  channel_changed (self, c);
  edited (self, c, &before);
}

gboolean
sc_view_state_get_visible (ScViewState *self,
                           guint        c)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), FALSE);
  g_return_val_if_fail (c < self->n_channels, FALSE);

  return self->channels[c].visible;
}

void
sc_view_state_set_visible (ScViewState *self,
                           guint        c,
                           gboolean     visible)
{
  ScViewSettings before;
  gboolean pixels;

  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (c < self->n_channels);

  visible = !!visible;
  if (self->channels[c].visible == visible)
    return;
  sc_view_state_get_settings (self, c, &before);
  /* only a composite hides channels */
  pixels = self->composite;
  self->channels[c].visible = visible;
  invalidate (self, pixels);
  g_signal_emit (self, signals[CHANNEL_CHANGED], 0, c);
  if (pixels)
    g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
  edited (self, c, &before);
}

void
sc_view_state_begin_user_action (ScViewState *self)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));

  if (self->user_action++ == 0)
    g_signal_emit (self, signals[BEGIN_USER_ACTION], 0);
}

void
sc_view_state_end_user_action (ScViewState *self)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));
  g_return_if_fail (self->user_action > 0);

  if (--self->user_action == 0)
    g_signal_emit (self, signals[END_USER_ACTION], 0);
}

gboolean
sc_view_state_has_range (ScViewState *self,
                         guint        c)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), FALSE);
  g_return_val_if_fail (c < self->n_channels, FALSE);

  return self->channels[c].has_range;
}

gboolean
sc_view_state_get_follow_data (ScViewState *self)
{
  g_return_val_if_fail (SC_IS_VIEW_STATE (self), FALSE);
  return self->follow_data;
}

void
sc_view_state_set_follow_data (ScViewState *self,
                               gboolean     follow)
{
  g_return_if_fail (SC_IS_VIEW_STATE (self));

  follow = !!follow;
  if (follow == self->follow_data)
    return;
  self->follow_data = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_DATA]);
}
