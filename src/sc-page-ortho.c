/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page-ortho"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-ortho-view.h"
#include "sc-page-private.h"
#include "sc-reslice-source.h"

/* The page's orthogonal views (page.orthogonal): an XZ pane below the plane and a YZ pane
 * to its right, as in Fiji, napari and Imaris, linked by a crosshair at the point
 * (x, y, z), z being the view state's slice. Each pane is a plane view with display
 * tiles of its own, of a view state of the stack's XZ or YZ planes (ScResliceSource) that
 * takes the page's display settings, channel and frame, and whose slice is the
 * crosshair's row (XZ) or column (YZ). The main loop only sets state: the tiles are made
 * by the core's workers, as the plane's are. */

/* Each pane's tiles may hold this much. */
#define PANE_TILE_BUDGET (64 * 1024 * 1024)

struct _ScPageOrtho
{
  ScOrthoView    *layout;
  GtkWidget      *scrollers[2];
  ScPlaneView    *views[2];       /* SC_RESLICE_XZ, SC_RESLICE_YZ */
  ScDisplayTiles *tiles[2];
  ScStack        *stacks[2];      /* made when the views are first shown */
  ScViewState    *states[2];
  double          aspect[2];      /* a slice's thickness in pixels (z step / pixel size) */
  double          x;              /* the crosshair's column and row; < 0: not set yet */
  double          y;
  gboolean        active;
};

static void
drop_stacks (ScPageOrtho *ortho)
{
  for (guint i = 0; i < 2; i++)
    {
      sc_display_tiles_set_view (ortho->tiles[i], NULL);
      g_clear_object (&ortho->states[i]);
      g_clear_object (&ortho->stacks[i]);
    }
}

/* A z step of 0.4 µm against pixels of 0.1 µm draws each slice 4 pixels thick; stacks
 * that do not say show square voxels. */
static double
slice_aspect (ScStack *stack,
              double   pixel_size)
{
  const ScCalibration *cal = sc_stack_get_calibration (stack);

  if (cal == NULL || cal->pixel_depth <= 0 || pixel_size <= 0 ||
      !isfinite (cal->pixel_depth / pixel_size))
    return 1.0;
  return CLAMP (cal->pixel_depth / pixel_size, 1.0 / 64, 64);
}

static void
ensure_stacks (ScPage *self)
{
  ScPageOrtho *ortho = self->ortho;
  const ScCalibration *cal = sc_stack_get_calibration (self->stack);

  if (ortho->stacks[0] != NULL)
    return;
  ortho->aspect[SC_RESLICE_XZ] = slice_aspect (self->stack, cal ? cal->pixel_width : 0);
  ortho->aspect[SC_RESLICE_YZ] = slice_aspect (self->stack, cal ? cal->pixel_height : 0);
  sc_plane_view_set_pixel_aspect (ortho->views[SC_RESLICE_XZ], 1, ortho->aspect[SC_RESLICE_XZ]);
  sc_plane_view_set_pixel_aspect (ortho->views[SC_RESLICE_YZ], ortho->aspect[SC_RESLICE_YZ], 1);
  for (guint i = 0; i < 2; i++)
    {
      ortho->stacks[i] = sc_reslice_source_new_stack (self->stack, (ScResliceAxis) i);
      ortho->states[i] = sc_view_state_new (ortho->stacks[i]);
    }
  if (ortho->x < 0 || ortho->x >= sc_stack_get_width (self->stack) ||
      ortho->y < 0 || ortho->y >= sc_stack_get_height (self->stack))
    {
      ortho->x = sc_stack_get_width (self->stack) / 2;
      ortho->y = sc_stack_get_height (self->stack) / 2;
    }
}

/* The panes as wide and tall as the slices make them at the plane's zoom. */
static void
update_extents (ScPage *self)
{
  ScPageOrtho *ortho = self->ortho;
  double zoom = sc_plane_view_get_zoom (self->plane_view);
  guint nz = sc_stack_get_n_slices (self->stack);

  for (guint i = 0; i < 2; i++)
    sc_plane_view_follow_zoom (ortho->views[i], zoom);
  sc_ortho_view_set_extents (ortho->layout, nz * ortho->aspect[SC_RESLICE_XZ] * zoom,
                             nz * ortho->aspect[SC_RESLICE_YZ] * zoom);
}

/* The page's display settings, channel and frame, at the crosshair's row or column. */
static void
sync_state (ScViewState *from,
            ScViewState *to,
            guint        slice)
{
  guint n = sc_view_state_get_n_channels (from);

  for (guint c = 0; c < n; c++)
    {
      sc_view_state_set_params (to, c, sc_view_state_get_params (from, c));
      sc_view_state_set_visible (to, c, sc_view_state_get_visible (from, c));
    }
  sc_view_state_set_composite (to, sc_view_state_get_composite (from));
  sc_view_state_set_position (to, sc_view_state_get_channel (from), slice,
                              sc_view_state_get_frame (from));
}

void
_sc_page_ortho_push (ScPage *self)
{
  ScPageOrtho *ortho = self->ortho;
  double z;

  if (!ortho->active || self->stack == NULL || self->view_state == NULL)
    return;
  ensure_stacks (self);
  z = sc_view_state_get_slice (self->view_state);
  sync_state (self->view_state, ortho->states[SC_RESLICE_XZ], (guint) ortho->y);
  sync_state (self->view_state, ortho->states[SC_RESLICE_YZ], (guint) ortho->x);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ScViewSnapshot) snapshot = sc_view_state_snapshot (ortho->states[i]);

      sc_display_tiles_set_view (ortho->tiles[i], snapshot);
    }
  sc_plane_view_set_crosshair (self->plane_view, ortho->x, ortho->y);
  sc_plane_view_set_crosshair (ortho->views[SC_RESLICE_XZ], ortho->x, z);
  sc_plane_view_set_crosshair (ortho->views[SC_RESLICE_YZ], z, ortho->y);
  update_extents (self);
}

/* Moves the crosshair to (x, y, z); a negative coordinate stays. z goes to the view
 * state (the Z slider follows), which pushes the panes' new views. */
static void
move_point (ScPage *self,
            double  x,
            double  y,
            double  z)
{
  ScPageOrtho *ortho = self->ortho;
  guint nz;

  if (!ortho->active || self->view_state == NULL)
    return;
  nz = sc_stack_get_n_slices (self->stack);
  if (x >= 0)
    ortho->x = floor (MIN (x, sc_stack_get_width (self->stack) - 1));
  if (y >= 0)
    ortho->y = floor (MIN (y, sc_stack_get_height (self->stack) - 1));
  if (z >= 0 && (guint) z != sc_view_state_get_slice (self->view_state))
    sc_view_state_set_slice (self->view_state, MIN ((guint) z, nz - 1));   /* pushes */
  else
    _sc_page_push_view (self);
}

static void
main_point_cb (ScPage *self,
               double  x,
               double  y)
{
  move_point (self, x, y, -1);
}

static void
xz_point_cb (ScPage *self,
             double  x,
             double  z)
{
  move_point (self, x, -1, z);
}

static void
yz_point_cb (ScPage *self,
             double  z,
             double  y)
{
  move_point (self, -1, y, z);
}

/* The wheel over a pane steps through its planes: the rows (XZ) or columns (YZ). */
static void
pane_wheel_cb (ScPlaneView *view,
               gboolean     frames,
               int          steps,
               ScPage      *self)
{
  ScPageOrtho *ortho = self->ortho;

  if (frames || !ortho->active)
    return;
  if (view == ortho->views[SC_RESLICE_XZ])
    move_point (self, -1, MAX (ortho->y + steps, 0), -1);
  else
    move_point (self, MAX (ortho->x + steps, 0), -1, -1);
}

static void
zoom_cb (ScPage *self)
{
  if (self->ortho->active && self->stack != NULL)
    update_extents (self);
}

static GtkWidget *
new_pane (ScPage      *self,
          ScResliceAxis axis)
{
  ScPageOrtho *ortho = self->ortho;
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = sc_plane_view_new ();
  gboolean xz = axis == SC_RESLICE_XZ;

  gtk_widget_add_css_class (scroller, "plane-background");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  /* the XZ pane scrolls across with the plane, the YZ pane up and down with it */
  if (xz)
    {
      gtk_scrolled_window_set_hadjustment (GTK_SCROLLED_WINDOW (scroller),
                                           gtk_scrolled_window_get_hadjustment (self->scroller));
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_EXTERNAL,
                                      GTK_POLICY_AUTOMATIC);
    }
  else
    {
      gtk_scrolled_window_set_vadjustment (GTK_SCROLLED_WINDOW (scroller),
                                           gtk_scrolled_window_get_vadjustment (self->scroller));
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                      GTK_POLICY_EXTERNAL);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  xz ? _("XZ view") : _("YZ view"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  xz ? _("The planes through the crosshair's row, Z downwards: click or drag to move the crosshair, scroll for the next or previous row")
                                     : _("The planes through the crosshair's column, Z to the right: click or drag to move the crosshair, scroll for the next or previous column"),
                                  -1);
  ortho->tiles[axis] = sc_display_tiles_new (PANE_TILE_BUDGET);
  ortho->views[axis] = SC_PLANE_VIEW (view);
  ortho->scrollers[axis] = scroller;
  ortho->aspect[axis] = 1;
  sc_plane_view_set_tiles (SC_PLANE_VIEW (view), ortho->tiles[axis]);
  sc_plane_view_set_point_drag (SC_PLANE_VIEW (view), TRUE);
  /* the panes follow the pointer: their tiles are shown as soon as they come */
  sc_plane_view_set_tiles_redraw_interval (SC_PLANE_VIEW (view), 0);
  sc_plane_view_follow_zoom (SC_PLANE_VIEW (view), 1.0);
  gtk_widget_set_visible (view, FALSE);
  g_signal_connect_object (view, "point-dragged",
                           xz ? G_CALLBACK (xz_point_cb) : G_CALLBACK (yz_point_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "wheel-step", G_CALLBACK (pane_wheel_cb), self, 0);
  return scroller;
}

void
_sc_page_ortho_init (ScPage *self)
{
  ScPageOrtho *ortho = g_new0 (ScPageOrtho, 1);
  /* the plane with its zoom buttons over it */
  GtkWidget *main_view = self->overlay;
  GtkWidget *before = gtk_widget_get_prev_sibling (main_view);
  GtkWidget *xz, *yz;

  self->ortho = ortho;
  ortho->x = ortho->y = -1;
  xz = new_pane (self, SC_RESLICE_XZ);
  yz = new_pane (self, SC_RESLICE_YZ);
  g_object_ref (main_view);
  gtk_box_remove (GTK_BOX (self->page_box), main_view);
  ortho->layout = SC_ORTHO_VIEW (sc_ortho_view_new (main_view, xz, yz));
  gtk_widget_set_vexpand (GTK_WIDGET (ortho->layout), TRUE);
  gtk_box_insert_child_after (GTK_BOX (self->page_box), GTK_WIDGET (ortho->layout), before);
  g_object_unref (main_view);

  g_signal_connect_object (self->plane_view, "point-dragged", G_CALLBACK (main_point_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plane_view, "notify::zoom", G_CALLBACK (zoom_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_sc_page_ortho_dispose (ScPage *self)
{
  ScPageOrtho *ortho = self->ortho;

  if (ortho == NULL)
    return;
  drop_stacks (ortho);
  for (guint i = 0; i < 2; i++)
    {
      sc_plane_view_set_tiles (ortho->views[i], NULL);
      g_clear_object (&ortho->tiles[i]);
    }
  g_clear_pointer (&self->ortho, g_free);
}

void
_sc_page_ortho_stack_changed (ScPage *self)
{
  ScPageOrtho *ortho = self->ortho;

  drop_stacks (ortho);
  if (ortho->active && !sc_page_get_can_orthogonal (self))
    sc_page_set_orthogonal (self, FALSE);
  else
    _sc_page_push_view (self);
}

gboolean
_sc_page_ortho_set_active (ScPage   *self,
                           gboolean  active)
{
  ScPageOrtho *ortho = self->ortho;

  active = active && sc_page_get_can_orthogonal (self);
  if (ortho->active == active)
    return FALSE;
  ortho->active = active;
  sc_ortho_view_set_active (ortho->layout, active);
  /* the views too: the accessibility tree hides only what is hidden itself */
  for (guint i = 0; i < 2; i++)
    gtk_widget_set_visible (GTK_WIDGET (ortho->views[i]), active);
  sc_plane_view_set_point_drag (self->plane_view, active);
  if (active)
    {
      _sc_page_ortho_push (self);
      return TRUE;
    }
  sc_plane_view_set_crosshair (self->plane_view, -1, -1);
  drop_stacks (ortho);
  return TRUE;
}

gboolean
_sc_page_ortho_get_active (ScPage *self)
{
  return self->ortho != NULL && self->ortho->active;
}

ScViewState *
sc_page_get_ortho_view_state (ScPage       *self,
                              ScResliceAxis axis)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  g_return_val_if_fail (axis <= SC_RESLICE_YZ, NULL);

  return self->ortho->active ? self->ortho->states[axis] : NULL;
}

ScPlaneView *
sc_page_get_ortho_plane_view (ScPage       *self,
                              ScResliceAxis axis)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  g_return_val_if_fail (axis <= SC_RESLICE_YZ, NULL);

  return self->ortho->views[axis];
}

ScDisplayTiles *
sc_page_get_ortho_tiles (ScPage       *self,
                         ScResliceAxis axis)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  g_return_val_if_fail (axis <= SC_RESLICE_YZ, NULL);

  return self->ortho->tiles[axis];
}

void
sc_page_set_ortho_point (ScPage *self,
                         guint   x,
                         guint   y,
                         guint   z)
{
  g_return_if_fail (SC_IS_PAGE (self));

  move_point (self, x, y, z);
}

void
sc_page_get_ortho_point (ScPage *self,
                         guint  *x,
                         guint  *y)
{
  g_return_if_fail (SC_IS_PAGE (self));

  *x = self->ortho->x < 0 ? 0 : (guint) self->ortho->x;
  *y = self->ortho->y < 0 ? 0 : (guint) self->ortho->y;
}
