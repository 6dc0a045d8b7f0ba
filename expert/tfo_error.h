/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Error codes shared by every engine module. */
#ifndef TFO_ERROR_H
#define TFO_ERROR_H

typedef enum {
    TFO_ERR_TRUNCATED = -1,  /* an option runs past the end of the options area */
    TFO_ERR_BAD_LENGTH = -2, /* a TFO option whose length is not 2 or a valid cookie */
    TFO_ERR_REPLAY = -3,     /* a frame number not greater than the last one fed */
    TFO_ERR_INVALID = -4,    /* an observation with missing or inconsistent fields */
    TFO_ERR_UNCAPTURED = -5, /* the options were not captured far enough to tell */
    TFO_ERR_FINISHED = -6    /* the engine was told the capture ended */
} tfo_error;

/* Returns a static English description of |code|. */
const char *tfo_strerror(int code);

#endif
