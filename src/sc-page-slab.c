/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page-slab"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-page-private.h"
#include "sc-page-slab.h"
#include "sc-projection.h"
#include "sc-slab.h"

/* Which slab a position asks for. */
typedef struct {
  ScProjectionMethod method;
  guint              first;
  guint              last;
  guint              frame;
  int                channel;
} SlabKey;

struct _ScPageSlab
{
  GObject             parent_instance;

  ScPage             *page;        /* unowned: the page owns this */
  gboolean            enabled;
  guint               thickness;
  ScProjectionMethod  method;
  char               *label;
  gboolean            ready;

  ScSlab             *shown;       /* the slab shown (or kept until the next is ready) */
  ScViewSnapshot     *snapshot;    /* what the page shows of it, last made */
  GCancellable       *running;     /* the slab in the making, of running_key */
  SlabKey             running_key;
};

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_THICKNESS,
  PROP_METHOD,
  PROP_LABEL,
  PROP_READY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScPageSlab, sc_page_slab, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static gboolean
key_equal (const SlabKey *a,
           const SlabKey *b)
{
  return a->method == b->method && a->first == b->first && a->last == b->last &&
         a->frame == b->frame && a->channel == b->channel;
}

static gboolean
shown_key (ScPageSlab *self,
           SlabKey    *key)
{
  if (self->shown == NULL)
    return FALSE;
  *key = (SlabKey) { self->shown->method, self->shown->first, self->shown->last,
                     self->shown->frame, self->shown->channel };
  return TRUE;
}

/* The slab that the page's position asks for; FALSE where there is no stack of planes. */
static gboolean
wanted_key (ScPageSlab *self,
            SlabKey    *key)
{
  ScViewState *vs = self->page != NULL ? self->page->view_state : NULL;
  ScStack *stack;
  guint nc;

  if (vs == NULL)
    return FALSE;
  stack = self->page->stack;
  if (sc_stack_get_n_slices (stack) < 2)
    return FALSE;
  nc = sc_stack_get_n_channels (stack);
  key->method = self->method;
  sc_slab_get_planes (sc_stack_get_n_slices (stack), sc_view_state_get_slice (vs),
                      self->thickness, &key->first, &key->last);
  key->frame = sc_view_state_get_frame (vs);
  key->channel = nc > 1 && !sc_view_state_get_composite (vs)
                 ? (int) sc_view_state_get_channel (vs) : SC_PROJECTION_ALL;
  return TRUE;
}

static char *
format_label (const SlabKey *key)
{
  /* Translators: the live slab beside the Z slider: a projection's short name ("MAX",
   * "MEAN", "SD") and the planes it projects, counted from 1, e.g. "MAX z 8–18" */
  return g_strdup_printf (_("%s z %u–%u"), sc_method_get_info (key->method)->label,
                          key->first + 1, key->last + 1);
}

static void
set_label (ScPageSlab *self,
           const char *label)
{
  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

static void
set_ready (ScPageSlab *self,
           gboolean    ready)
{
  ready = !!ready;
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
cancel_running (ScPageSlab *self)
{
  if (self->running == NULL)
    return;
  g_cancellable_cancel (self->running);
  g_clear_object (&self->running);
}

/* The page shows the slab, or the plane again. */
static void
show (ScPageSlab *self)
{
  if (self->page == NULL)
    return;
  _sc_page_push_view (self->page);
  _sc_page_readout_update (self->page);
}

static void
slab_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScPageSlab) self = user_data;
  g_autoptr(GError) error = NULL;
  ScSlab *slab = sc_slab_project_finish (result, &error);

  /* a superseded slab was cancelled: the task hands it over as cancelled */
  if (slab == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->page != NULL)
        {
          g_clear_object (&self->running);
          _sc_page_message (self->page, error->message);
        }
      return;
    }
  g_clear_object (&self->running);
  sc_slab_free (self->shown);
  self->shown = slab;
  set_ready (self, TRUE);
  show (self);
}

void
_sc_page_slab_update (ScPageSlab *self)
{
  SlabKey want, have;
  g_autofree char *label = NULL;

  g_return_if_fail (SC_IS_PAGE_SLAB (self));

  if (!self->enabled || !wanted_key (self, &want))
    {
      cancel_running (self);
      set_label (self, "");
      set_ready (self, FALSE);
      return;
    }
  label = format_label (&want);
  set_label (self, label);
  if (shown_key (self, &have) && key_equal (&have, &want))
    {
      cancel_running (self);
      set_ready (self, TRUE);
      return;
    }
  set_ready (self, FALSE);
  if (self->running != NULL && key_equal (&self->running_key, &want))
    return;

  cancel_running (self);
  self->running = g_cancellable_new ();
  self->running_key = want;
  sc_slab_project_async (self->page->stack, want.method, want.first, want.last, want.frame,
                         want.channel, self->running, slab_done, g_object_ref (self));
}

void
_sc_page_slab_reset (ScPageSlab *self)
{
  g_return_if_fail (SC_IS_PAGE_SLAB (self));

  cancel_running (self);
  g_clear_pointer (&self->shown, sc_slab_free);
  g_clear_pointer (&self->snapshot, sc_view_snapshot_unref);
  set_ready (self, FALSE);
}

void
_sc_page_slab_detach (ScPageSlab *self)
{
  g_return_if_fail (SC_IS_PAGE_SLAB (self));

  _sc_page_slab_reset (self);
  self->page = NULL;
}

/* Whether the slab kept can stand for the plane: it holds the channels shown. */
static gboolean
covers_view (ScPageSlab           *self,
             const ScViewSnapshot *plane)
{
  guint c;

  if (!self->enabled || self->shown == NULL)
    return FALSE;
  if (self->shown->channel == SC_PROJECTION_ALL)
    return sc_stack_get_n_channels (self->shown->stack) == sc_view_snapshot_get_n_channels (plane);
  sc_view_snapshot_get_position (plane, &c, NULL, NULL);
  return !sc_view_snapshot_get_composite (plane) && c == (guint) self->shown->channel;
}

ScViewSnapshot *
_sc_page_slab_get_view (ScPageSlab     *self,
                        ScViewSnapshot *plane)
{
  ScSlab *slab = self->shown;
  g_autofree double *sums = NULL;
  const double *ranges;
  ScViewSnapshot *view;

  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), NULL);

  if (!covers_view (self, plane))
    return sc_view_snapshot_ref (plane);

  ranges = slab->ranges;
  if (ranges == NULL && slab->method == SC_PROJECTION_SUM)
    {
      /* a sum of n planes looks as their mean does in the planes' range */
      guint nc = sc_stack_get_n_channels (slab->stack);
      guint n = slab->last - slab->first + 1;

      sums = g_new (double, 2 * nc);
      for (guint k = 0; k < nc; k++)
        {
          guint c = slab->channel == SC_PROJECTION_ALL ? k : (guint) slab->channel;
          const ScRenderParams *params = sc_view_snapshot_get_params (plane, c);

          sums[2 * k] = params->min * n;
          sums[2 * k + 1] = params->max * n;
        }
      ranges = sums;
    }
  view = sc_view_snapshot_new_for_stack (plane, slab->stack, slab->channel, ranges,
                                         self->snapshot);
  g_clear_pointer (&self->snapshot, sc_view_snapshot_unref);
  self->snapshot = sc_view_snapshot_ref (view);
  return view;
}

ScStack *
_sc_page_slab_get_shown (ScPageSlab  *self,
                         int         *channel,
                         const char **label)
{
  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), NULL);

  if (self->snapshot == NULL || self->page == NULL ||
      sc_display_tiles_get_view (self->page->tiles) != self->snapshot)
    return NULL;
  if (channel != NULL)
    *channel = self->shown->channel;
  if (label != NULL)
    *label = self->label;
  return self->shown->stack;
}

/* GObject */

static void
sc_page_slab_finalize (GObject *object)
{
  ScPageSlab *self = SC_PAGE_SLAB (object);

  cancel_running (self);
  sc_slab_free (self->shown);
  g_clear_pointer (&self->snapshot, sc_view_snapshot_unref);
  g_free (self->label);

  G_OBJECT_CLASS (sc_page_slab_parent_class)->finalize (object);
}

static void
sc_page_slab_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScPageSlab *self = SC_PAGE_SLAB (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_THICKNESS:
      g_value_set_uint (value, self->thickness);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_page_slab_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScPageSlab *self = SC_PAGE_SLAB (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      sc_page_slab_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_THICKNESS:
      sc_page_slab_set_thickness (self, g_value_get_uint (value));
      break;
    case PROP_METHOD:
      sc_page_slab_set_method (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_page_slab_class_init (ScPageSlabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sc_page_slab_finalize;
  object_class->get_property = sc_page_slab_get_property;
  object_class->set_property = sc_page_slab_set_property;

  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE, rw);
  properties[PROP_THICKNESS] = g_param_spec_uint ("thickness", NULL, NULL,
                                                  SC_PAGE_SLAB_MIN_THICKNESS,
                                                  SC_PAGE_SLAB_MAX_THICKNESS,
                                                  SC_PAGE_SLAB_DEFAULT_THICKNESS, rw);
  properties[PROP_METHOD] = g_param_spec_enum ("method", NULL, NULL, SC_TYPE_PROJECTION_METHOD,
                                               SC_PROJECTION_MAX, rw);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, "", ro);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_page_slab_init (ScPageSlab *self)
{
  self->thickness = SC_PAGE_SLAB_DEFAULT_THICKNESS;
  self->method = SC_PROJECTION_MAX;
  self->label = g_strdup ("");
}

/* Public */

ScPageSlab *
_sc_page_slab_new (ScPage *page)
{
  ScPageSlab *self = g_object_new (SC_TYPE_PAGE_SLAB, NULL);

  self->page = page;
  return self;
}

gboolean
sc_page_slab_get_enabled (ScPageSlab *self)
{
  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), FALSE);
  return self->enabled;
}

void
sc_page_slab_set_enabled (ScPageSlab *self,
                          gboolean    enabled)
{
  g_return_if_fail (SC_IS_PAGE_SLAB (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  /* a slab turned on again starts from the plane, not from a slab of long ago */
  if (!enabled)
    _sc_page_slab_reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  _sc_page_slab_update (self);
  show (self);
}

guint
sc_page_slab_get_thickness (ScPageSlab *self)
{
  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), SC_PAGE_SLAB_DEFAULT_THICKNESS);
  return self->thickness;
}

void
sc_page_slab_set_thickness (ScPageSlab *self,
                            guint       thickness)
{
  g_return_if_fail (SC_IS_PAGE_SLAB (self));

  thickness = CLAMP (thickness | 1, SC_PAGE_SLAB_MIN_THICKNESS, SC_PAGE_SLAB_MAX_THICKNESS);
  if (self->thickness == thickness)
    return;
  self->thickness = thickness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THICKNESS]);
  _sc_page_slab_update (self);
}

ScProjectionMethod
sc_page_slab_get_method (ScPageSlab *self)
{
  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), SC_PROJECTION_MAX);
  return self->method;
}

void
sc_page_slab_set_method (ScPageSlab         *self,
                         ScProjectionMethod  method)
{
  g_return_if_fail (SC_IS_PAGE_SLAB (self));
  g_return_if_fail (method < SC_PROJECTION_PERCENTILE);

  if (self->method == method)
    return;
  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
  _sc_page_slab_update (self);
}

const char *
sc_page_slab_get_label (ScPageSlab *self)
{
  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), NULL);
  return self->label;
}

gboolean
sc_page_slab_get_ready (ScPageSlab *self)
{
  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), FALSE);
  return self->ready;
}

ScPage *
sc_page_slab_new_result_page (ScPageSlab *self)
{
  ScSlab *slab;
  ScStack *source;
  g_autoptr(GString) title = NULL;
  ScPage *page;

  g_return_val_if_fail (SC_IS_PAGE_SLAB (self), NULL);

  if (!self->ready || self->page == NULL || self->shown == NULL)
    return NULL;
  slab = self->shown;
  source = self->page->stack;
  title = g_string_new (NULL);
  /* as the projection panel names its results: "MAX golgi.tif [8-18]" */
  g_string_append_printf (title, "%s %s [%u-%u]", sc_method_get_info (slab->method)->label,
                          sc_stack_get_display_name (source), slab->first + 1, slab->last + 1);
  if (slab->channel != SC_PROJECTION_ALL)
    g_string_append_printf (title, " C%d", slab->channel + 1);
  if (sc_stack_get_n_frames (source) > 1)
    g_string_append_printf (title, " T%u", slab->frame + 1);
  page = sc_page_new_for_result (slab->stack, self->page->view_state, slab->channel, title->str);
  sc_page_set_busy (page, FALSE);
  return page;
}
