/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-plane-view-wheel"

#include "config.h"

#include <gtk/gtk.h>

#include "sc-plane-view-private.h"

/* The wheel over the plane view: what it scrolls adds up to whole planes, one "wheel-step"
 * per whole plane, on the axis the modifiers chose. */

typedef struct {
  GPtrArray *steps;  /* "frames steps" strings, one per signal */
} Steps;

static void
wheel_step_cb (ScPlaneView *view,
               gboolean     frames,
               int          steps,
               Steps       *log)
{
  g_ptr_array_add (log->steps, g_strdup_printf ("%s %+d", frames ? "t" : "z", steps));
}

static char *
joined (Steps *log)
{
  g_autofree char *text = NULL;

  g_ptr_array_add (log->steps, NULL);
  text = g_strjoinv (",", (char **) log->steps->pdata);
  g_ptr_array_set_size (log->steps, 0);
  return g_steal_pointer (&text);
}

static void
test_whole_steps (void)
{
  GtkWidget *view = g_object_ref_sink (sc_plane_view_new ());
  Steps log = { g_ptr_array_new_with_free_func (g_free) };
  char *text;

  g_signal_connect (view, "wheel-step", G_CALLBACK (wheel_step_cb), &log);

  /* a wheel's clicks are whole planes */
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, 1.0);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, -2.0);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "z +1,z -2");
  g_free (text);

  /* a touchpad's fractions add up: three quarters are nothing yet, a half more is one
   * plane (a quarter left), three quarters more another */
  for (guint i = 0; i < 3; i++)
    _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, 0.25);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "");
  g_free (text);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, 0.5);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, 0.75);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "z +1,z +1");
  g_free (text);

  /* turning back forgets what was left over the other way (half a plane here) */
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, 0.5);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, -0.75);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "");
  g_free (text);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, -0.25);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "z -1");
  g_free (text);

  /* Shift's axis starts afresh too */
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), FALSE, 0.75);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), TRUE, 0.75);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "");
  g_free (text);
  _sc_plane_view_add_wheel (SC_PLANE_VIEW (view), TRUE, 0.25);
  text = joined (&log);
  g_assert_cmpstr (text, ==, "t +1");
  g_free (text);

  g_ptr_array_unref (log.steps);
  g_object_unref (view);
}

static void
test_units (void)
{
  /* wheels scroll in clicks, touchpads (on Wayland) in pixels: 24 of them make a plane */
  g_assert_cmpfloat_with_epsilon (_sc_plane_view_wheel_planes (GDK_SCROLL_UNIT_WHEEL, 1.0), 1.0,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (_sc_plane_view_wheel_planes (GDK_SCROLL_UNIT_SURFACE, 48.0),
                                  2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (_sc_plane_view_wheel_planes (GDK_SCROLL_UNIT_SURFACE, -6.0),
                                  -0.25, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/gui/plane-view-wheel/whole-steps", test_whole_steps);
  g_test_add_func ("/gui/plane-view-wheel/units", test_units);
  return g_test_run ();
}
