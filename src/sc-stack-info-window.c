/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-stack-info-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-stack-info-window.h"

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && *value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

void
sc_stack_info_window_present (GtkWindow *parent,
                              ScStack   *stack)
{
  const ScCalibration *cal;
  AdwPreferencesWindow *window;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autofree char *size = NULL;
  g_autofree char *dims = NULL;
  g_autofree char *type = NULL;
  g_autofree char *voxel = NULL;
  g_autofree char *first = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (SC_IS_STACK (stack));

  cal = sc_stack_get_calibration (stack);
  window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  gtk_window_set_title (GTK_WINDOW (window), _("Stack Information"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  adw_preferences_window_set_search_enabled (window, FALSE);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Stack"));
  adw_preferences_page_set_icon_name (page, "image-x-generic-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, sc_stack_get_display_name (stack));
  add_row (group, _("Format"), sc_stack_get_format (stack));
  add_row (group, _("Location"), sc_stack_get_path (stack));
  size = g_strdup_printf ("%u × %u", sc_stack_get_width (stack), sc_stack_get_height (stack));
  add_row (group, _("Width × height"), size);
  /* Translators: channels, slices and frames of a stack, then its number of planes */
  dims = g_strdup_printf (ngettext ("C %u × Z %u × T %u (%u plane)", "C %u × Z %u × T %u (%u planes)",
                                    sc_stack_get_n_planes (stack)),
                          sc_stack_get_n_channels (stack), sc_stack_get_n_slices (stack),
                          sc_stack_get_n_frames (stack), sc_stack_get_n_planes (stack));
  add_row (group, _("Dimensions"), dims);
  type = g_strdup_printf ("%s × %u", sc_sample_type_to_string (sc_stack_get_sample_type (stack)),
                          sc_stack_get_samples_per_pixel (stack));
  add_row (group, _("Sample type"), type);
  if (cal->unit && cal->pixel_width > 0)
    voxel = g_strdup_printf ("%g × %g × %g %s", cal->pixel_width, cal->pixel_height,
                             cal->pixel_depth, cal->unit);
  add_row (group, _("Voxel size"), voxel ? voxel : _("Not calibrated"));
  if (cal->frame_interval > 0)
    {
      g_autofree char *interval = g_strdup_printf ("%g %s", cal->frame_interval,
                                                   cal->time_unit ? cal->time_unit : "s");
      add_row (group, _("Frame interval"), interval);
    }
  first = sc_stack_describe_plane (stack, 0);
  add_row (group, _("First plane"), first);
  adw_preferences_page_add (page, group);

  if (sc_stack_get_n_metadata (stack) > 0)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Metadata"));
      for (guint i = 0; i < sc_stack_get_n_metadata (stack); i++)
        {
          const char *key, *value;
          g_autofree char *name = NULL;
          g_autofree char *shown = NULL;

          sc_stack_get_metadata (stack, i, &key, &value);
          name = sc_metadata_display_name (key);
          /* very long fields (OME-XML) would swamp the list */
          shown = value && strlen (value) > 2000 ? g_strndup (value, 2000) : g_strdup (value);
          add_row (group, name, shown);
        }
      adw_preferences_page_add (page, group);
    }

  adw_preferences_window_add (window, page);
  gtk_window_present (GTK_WINDOW (window));
}
