import { z } from 'zod';
import { fr } from 'zod/locales';

// Validation messages reach library staff through every door, so zod speaks French everywhere.
z.config(fr());
