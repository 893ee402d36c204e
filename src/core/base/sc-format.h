/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A value as a label shows it (colour bars, in the viewer and in exported figures):
 * integers in full ("2581", up to 10^9), fractions to 3 significant figures without
 * trailing zeros ("1.25", "0.000312", "12.3"), values of 100 and more rounded to an
 * integer, and very large or small ones in short scientific form ("1.23e12", "4.5e-7").
 * Always with a decimal point, whatever the locale, as ImageJ writes numbers. */
char *sc_format_value (double value);

G_END_DECLS
