/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-page-loader.h"
#include "sc-page-private.h"

/* Each page's tiles may hold this much; the least recently drawn go first. */
#define TILE_BUDGET (256 * 1024 * 1024)
/* Tiles that come are drawn at most this often while a projection fills the page (ms). */
#define BUSY_REDRAW_MS 400

enum {
  PROP_0,
  PROP_STACK,
  PROP_VIEW_STATE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_TOOLTIP,
  PROP_LOADING,
  PROP_IS_RESULT,
  PROP_UNSAVED,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_READOUT,
  PROP_PLANE_SOURCE,
  PROP_ORTHOGONAL,
  N_PROPS
};

enum {
  LOADED,
  PIXEL_ACTIVATED,
  MESSAGE,
  OPEN_SERIES,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScPage, sc_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_string (ScPage      *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_sc_page_set_readout (ScPage     *self,
                      const char *readout)
{
  set_string (self, &self->readout, readout, PROP_READOUT);
}

void
_sc_page_message (ScPage     *self,
                  const char *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

void
_sc_page_open_series_in_tab (ScPage *self,
                             guint   series)
{
  g_signal_emit (self, signals[OPEN_SERIES], 0, series);
}

void
_sc_page_set_loading (ScPage   *self,
                      gboolean  loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
describe_shape (ScStack *stack)
{
  g_autofree char *series = _sc_page_series_subtitle (stack);
  GString *s = g_string_new (series);
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
  g_string_append_printf (s, " · %s", sc_sample_type_to_string (sc_stack_get_sample_type (stack)));
  if (sc_stack_get_samples_per_pixel (stack) >= 3)
    g_string_append (s, " RGB");
  return g_string_free (s, FALSE);
}

/* The view → the tiles */

void
_sc_page_push_view (ScPage *self)
{
  g_autoptr(ScViewSnapshot) snapshot = NULL;
  g_autoptr(ScViewSnapshot) shown = NULL;

  if (self->view_state == NULL || self->hold_tiles)
    return;
  snapshot = sc_view_state_snapshot (self->view_state);
  /* or the live slab around the plane, in the plane's looks */
  shown = _sc_page_slab_get_view (self->slab, snapshot);
  sc_display_tiles_set_view (self->tiles, shown);
  sc_plane_view_request_tiles (self->plane_view);
  gtk_widget_queue_draw (GTK_WIDGET (self->plane_view));
  _sc_page_ortho_push (self);
}

/* Where the plane shown lies: in a stack of channels or time points, its c/z/t position
 * as the user counts ("c 2/3 · z 17/32 · t 1/5"), never its storage index, and the file
 * where a stack spans several; in a plain z stack, where the page number is the z
 * position, the file and page it came from. */
static void
update_plane_source (ScPage *self)
{
  ScViewState *vs = self->view_state;
  guint index = sc_view_state_get_plane_index (vs, sc_view_state_get_channel (vs));
  guint nc = sc_stack_get_n_channels (self->stack);
  guint nz = sc_stack_get_n_slices (self->stack);
  guint nt = sc_stack_get_n_frames (self->stack);
  const char * const *origins = sc_stack_get_origin_files (self->stack);
  g_autoptr(GString) s = g_string_new (NULL);

  if (nc == 1 && nt == 1)
    {
      g_autofree char *source = sc_stack_describe_plane (self->stack, index);

      set_string (self, &self->plane_source, source ? source : "", PROP_PLANE_SOURCE);
      return;
    }

  if (nc > 1 && !sc_view_state_get_composite (vs))
    g_string_append_printf (s, "c %u/%u", sc_view_state_get_channel (vs) + 1, nc);
  if (nz > 1)
    g_string_append_printf (s, "%sz %u/%u", s->len ? " · " : "", sc_view_state_get_slice (vs) + 1,
                            nz);
  if (nt > 1)
    g_string_append_printf (s, "%st %u/%u", s->len ? " · " : "", sc_view_state_get_frame (vs) + 1,
                            nt);
  if (origins != NULL && origins[0] != NULL && origins[1] != NULL)
    {
      g_autofree char *file = sc_stack_describe_plane (self->stack, index);

      if (file != NULL)
        g_string_append_printf (s, "%s%s", s->len ? " · " : "", file);
    }
  set_string (self, &self->plane_source, s->str, PROP_PLANE_SOURCE);
}

static void
display_changed_cb (ScPage *self)
{
  _sc_page_slab_update (self->slab);
  _sc_page_push_view (self);
  update_plane_source (self);
  _sc_page_stats_update (self);
  _sc_page_readout_update (self);
}

static void
pixel_activated_cb (ScPage *self,
                    guint   x,
                    guint   y)
{
  g_signal_emit (self, signals[PIXEL_ACTIVATED], 0, x, y);
}

/* The view state knows where the view is: the image point at the middle of the view. */
static void
update_center (ScPage *self)
{
  GtkWidget *view = GTK_WIDGET (self->plane_view);
  double x, y;

  if (self->view_state != NULL &&
      sc_plane_view_widget_to_image (self->plane_view, gtk_widget_get_width (view) / 2.0,
                                     gtk_widget_get_height (view) / 2.0, &x, &y))
    sc_view_state_set_center (self->view_state, x, y);
}

static void
zoom_changed_cb (ScPage *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f%%", 100 * sc_plane_view_get_zoom (self->plane_view));

  gtk_label_set_label (self->zoom_label, text);
  update_center (self);
}

/* While a projection fills the page, its tiles change with every partial result: fewer
 * frames leave the main loop free (each redraws the plane on the CPU). Otherwise tiles
 * are drawn as they come, as many a frame as are ready (the frame clock gathers them):
 * a plane that comes in two deliveries is not left half drawn for 100 ms. */
static void
update_redraw_interval (ScPage *self)
{
  sc_plane_view_set_tiles_redraw_interval (self->plane_view, self->busy ? BUSY_REDRAW_MS : 0);
}

/* Takes stack and the view state that shows it. */
void
_sc_page_set_view (ScPage      *self,
                   ScStack     *stack,
                   ScViewState *view_state)
{
  g_autofree char *subtitle = describe_shape (stack);
  g_autofree char *title = _sc_page_series_title (stack);
  const char *path = sc_stack_get_path (stack);

  g_set_object (&self->stack, stack);
  g_set_object (&self->view_state, view_state);
  sc_view_history_set_view_state (self->history, view_state);
  /* the plane view fits and zooms; the view state keeps the zoom it shows */
  if (self->zoom_binding != NULL)
    g_binding_unbind (self->zoom_binding);
  g_clear_object (&self->zoom_binding);
  self->zoom_binding = g_object_ref (g_object_bind_property (self->plane_view, "zoom", view_state,
                                                             "zoom", G_BINDING_SYNC_CREATE));
  update_center (self);
  _sc_page_slab_reset (self->slab);
  _sc_page_stats_reset (self);
  /* until the first ranges are known: a file's own ranges are, the rest wait for the
   * plane's histogram (sc-page-stats.c) */
  self->hold_tiles = !_sc_page_stats_ranges_known (self);

  g_signal_connect_object (view_state, "display-changed", G_CALLBACK (display_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (!self->is_result)
    set_string (self, &self->title, title, PROP_TITLE);
  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
  set_string (self, &self->tooltip, path ? path : self->title, PROP_TOOLTIP);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);

  update_plane_source (self);
  _sc_page_stats_update (self);
  _sc_page_readout_update (self);
  _sc_page_series_update (self);
  _sc_page_ortho_stack_changed (self);
  _sc_page_actions_update (self);
  _sc_page_slab_update (self->slab);
}

/* A new stack opens in the middle of its Z range (more shows there than on its first
 * plane), with the file's own channel colours, ranges and mode where it has them, else in
 * composite when it has several gray channels, and with the remembered colormap when it
 * has one channel and no palette or LUT of its own. */
ScViewState *
_sc_page_new_view_state (ScStack *stack)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ScViewState *vs = sc_view_state_new (stack);
  guint nc = sc_stack_get_n_channels (stack);

  ScChannelDisplay hint;

  sc_view_state_set_slice (vs, sc_stack_get_n_slices (stack) / 2);
  /* what the file says (its mode, its LUTs) the view state has taken already */
  if (sc_stack_get_composite_mode (stack) == SC_COMPOSITE_MODE_UNSET)
    sc_view_state_set_composite (vs, nc > 1 && sc_stack_get_samples_per_pixel (stack) == 1);
  if (nc == 1)
    {
      g_autofree char *saved = g_settings_get_string (settings, "colormap");
      gboolean file_lut = sc_stack_get_palette (stack) != NULL
                          || (sc_stack_get_channel_display (stack, 0, &hint) && hint.lut != NULL);
      ScColormap colormap;

      if (!file_lut && sc_colormap_from_name (saved, &colormap))
        sc_view_state_set_colormap (vs, 0, colormap);
      sc_view_state_set_log_scale (vs, 0, g_settings_get_boolean (settings, "log-scale"));
    }
  return vs;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_page_loader_open_finish (result, &error);
  g_autoptr(ScViewState) vs = NULL;

  /* a page disposed meanwhile (an opening given up) shows nothing */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  _sc_page_set_loading (self, FALSE);
  if (stack == NULL)
    {
      g_signal_emit (self, signals[LOADED], 0, error);
      return;
    }

  vs = _sc_page_new_view_state (stack);
  _sc_page_set_view (self, stack, vs);
  sc_plane_view_zoom_to_fit (self->plane_view);
  g_signal_emit (self, signals[LOADED], 0, NULL);
}

/* GObject */

static void
sc_page_dispose (GObject *object)
{
  ScPage *self = SC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->series_cancellable);
  if (self->slab != NULL)
    _sc_page_slab_detach (self->slab);
  g_clear_object (&self->slab);
  _sc_page_stats_clear (self);
  if (self->zoom_binding != NULL)
    g_binding_unbind (self->zoom_binding);
  g_clear_object (&self->zoom_binding);
  _sc_page_ortho_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PAGE);
  g_clear_object (&self->history);
  g_clear_object (&self->view_state);
  g_clear_object (&self->stack);
  g_clear_object (&self->tiles);

  G_OBJECT_CLASS (sc_page_parent_class)->dispose (object);
}

static void
sc_page_finalize (GObject *object)
{
  ScPage *self = SC_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->series_cancellable);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->tooltip);
  g_free (self->readout);
  g_free (self->plane_source);

  G_OBJECT_CLASS (sc_page_parent_class)->finalize (object);
}

static void
sc_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  ScPage *self = SC_PAGE (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_TOOLTIP:
      g_value_set_string (value, self->tooltip);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_IS_RESULT:
      g_value_set_boolean (value, self->is_result);
      break;
    case PROP_UNSAVED:
      g_value_set_boolean (value, sc_page_get_unsaved (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    case PROP_PLANE_SOURCE:
      g_value_set_string (value, self->plane_source);
      break;
    case PROP_ORTHOGONAL:
      g_value_set_boolean (value, sc_page_get_orthogonal (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  ScPage *self = SC_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      sc_page_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_PROGRESS:
      sc_page_set_progress (self, g_value_get_double (value));
      break;
    case PROP_ORTHOGONAL:
      sc_page_set_orthogonal (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_page_class_init (ScPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sc_page_dispose;
  object_class->finalize = sc_page_finalize;
  object_class->get_property = sc_page_get_property;
  object_class->set_property = sc_page_set_property;

  properties[PROP_STACK] = g_param_spec_object ("stack", NULL, NULL, SC_TYPE_STACK, ro);
  properties[PROP_VIEW_STATE] = g_param_spec_object ("view-state", NULL, NULL, SC_TYPE_VIEW_STATE, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, ro);
  properties[PROP_TOOLTIP] = g_param_spec_string ("tooltip", NULL, NULL, NULL, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_IS_RESULT] = g_param_spec_boolean ("is-result", NULL, NULL, FALSE, ro);
  properties[PROP_UNSAVED] = g_param_spec_boolean ("unsaved", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, rw);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, rw);
  properties[PROP_READOUT] = g_param_spec_string ("readout", NULL, NULL, NULL, ro);
  properties[PROP_PLANE_SOURCE] = g_param_spec_string ("plane-source", NULL, NULL, NULL, ro);
  properties[PROP_ORTHOGONAL] = g_param_spec_boolean ("orthogonal", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[PIXEL_ACTIVATED] = g_signal_new ("pixel-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_SERIES] = g_signal_new ("open-series", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (SC_TYPE_PLANE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/stackscope/Stackscope/sc-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPage, page_box);
  gtk_widget_class_bind_template_child (widget_class, ScPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, ScPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScPage, plane_view);
  gtk_widget_class_bind_template_child (widget_class, ScPage, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, ScPage, missing_bar);
  gtk_widget_class_bind_template_child (widget_class, ScPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, ScPage, series_bar);
  gtk_widget_class_bind_template_child (widget_class, ScPage, series_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScPage, series_tab_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  _sc_page_class_actions_init (klass);
}

static void
sc_page_init (ScPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _sc_page_ortho_init (self);

  self->cancellable = g_cancellable_new ();
  self->tiles = sc_display_tiles_new (TILE_BUDGET);
  self->slab = _sc_page_slab_new (self);
  self->pointer_x = self->pointer_y = -1;
  sc_plane_view_set_tiles (self->plane_view, self->tiles);
  _sc_page_readout_init (self);

  g_signal_connect_object (self->plane_view, "notify::zoom", G_CALLBACK (zoom_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->plane_view)),
                           "value-changed", G_CALLBACK (update_center), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->plane_view)),
                           "value-changed", G_CALLBACK (update_center), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plane_view, "pixel-activated", G_CALLBACK (pixel_activated_cb),
                           self, G_CONNECT_SWAPPED);
  zoom_changed_cb (self);
  _sc_page_series_init (self);
  _sc_page_actions_init (self);
  _sc_page_actions_update (self);
}

/* Public */

ScPage *
sc_page_new (void)
{
  return g_object_new (SC_TYPE_PAGE, NULL);
}

void
sc_page_load (ScPage *self,
              GFile  *file)
{
  sc_page_load_series (self, file, 0);
}

void
sc_page_load_series (ScPage *self,
                     GFile  *file,
                     guint   series)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SC_IS_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));
  g_return_if_fail (file != NULL || series == 0);
  g_return_if_fail (self->stack == NULL && !self->loading);

  name = sc_page_loader_describe (file);
  set_string (self, &self->title, name, PROP_TITLE);
  set_string (self, &self->tooltip, name, PROP_TOOLTIP);   /* the path once it is open */
  _sc_page_set_loading (self, TRUE);
  sc_page_loader_open_async (file, series, self->cancellable, opened_cb, g_object_ref (self));
}

ScPage *
sc_page_new_for_result (ScStack     *partial,
                        ScViewState *from,
                        int          channel,
                        const char  *title)
{
  ScPage *self;
  g_autoptr(ScViewState) vs = NULL;

  g_return_val_if_fail (SC_IS_STACK (partial), NULL);
  g_return_val_if_fail (from == NULL || SC_IS_VIEW_STATE (from), NULL);

  self = g_object_new (SC_TYPE_PAGE, NULL);
  self->is_result = TRUE;
  self->busy = TRUE;
  update_redraw_interval (self);
  self->title = g_strdup (title);
  vs = sc_view_state_new_for_result (partial, from, channel);
  _sc_page_set_view (self, partial, vs);
  sc_plane_view_zoom_to_fit (self->plane_view);
  return self;
}

void
sc_page_set_result (ScPage  *self,
                    ScStack *result)
{
  g_return_if_fail (SC_IS_PAGE (self));
  g_return_if_fail (SC_IS_STACK (result));
  g_return_if_fail (self->is_result && self->view_state != NULL);

  if (!g_set_object (&self->stack, result))
    return;
  /* a range that follows the data waits for the new data's histogram */
  self->hold_tiles = sc_view_state_get_follow_data (self->view_state);
  sc_view_state_update_stack (self->view_state, result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
  _sc_page_ortho_stack_changed (self);
  _sc_page_actions_update (self);
}

gboolean
sc_page_get_pending (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return self->hold_tiles || self->stats_running || sc_display_tiles_get_n_pending (self->tiles) > 0;
}

ScStack *
sc_page_get_stack (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->stack;
}

ScViewState *
sc_page_get_view_state (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->view_state;
}

ScDisplayTiles *
sc_page_get_tiles (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->tiles;
}

ScPlaneView *
sc_page_get_plane_view (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->plane_view;
}

ScPageSlab *
sc_page_get_slab (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->slab;
}

const char *
sc_page_get_title (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->title;
}

const char *
sc_page_get_subtitle (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->subtitle;
}

const char *
sc_page_get_tooltip (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->tooltip;
}

gboolean
sc_page_get_loading (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return self->loading;
}

gboolean
sc_page_get_is_result (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return self->is_result;
}

gboolean
sc_page_get_unsaved (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return self->is_result && !self->saved;
}

void
sc_page_set_saved (ScPage *self)
{
  g_return_if_fail (SC_IS_PAGE (self));

  if (self->saved || !self->is_result)
    return;
  self->saved = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSAVED]);
}

gboolean
sc_page_get_busy (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return self->busy;
}

void
sc_page_set_busy (ScPage   *self,
                  gboolean  busy)
{
  g_return_if_fail (SC_IS_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_redraw_interval (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  _sc_page_actions_update (self);
}

double
sc_page_get_progress (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), 0);
  return self->progress;
}

void
sc_page_set_progress (ScPage *self,
                      double  progress)
{
  g_return_if_fail (SC_IS_PAGE (self));

  progress = CLAMP (progress, 0, 1);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

const char *
sc_page_get_readout (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->readout;
}

const char *
sc_page_get_plane_source (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->plane_source;
}


gboolean
sc_page_get_orthogonal (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return _sc_page_ortho_get_active (self);
}

void
sc_page_set_orthogonal (ScPage   *self,
                        gboolean  orthogonal)
{
  g_return_if_fail (SC_IS_PAGE (self));

  if (_sc_page_ortho_set_active (self, orthogonal))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORTHOGONAL]);
}

gboolean
sc_page_get_can_orthogonal (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), FALSE);
  return self->stack != NULL && sc_stack_get_n_slices (self->stack) > 1;
}
