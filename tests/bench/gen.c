/*
 * gen: writes a deterministic stream of N realistic patient records.
 * usage: gen N [SEED]
 * Every field of the patient format, the vocabulary's spread, brand names,
 * dates, treatments with areas, and a share of contraindications.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint32_t
rnd(uint32_t n)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 2685821657736338717ULL) >> 33) % n;
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const first[] = {"Ana", "Bram", "Chloé", "Dev", "Emma",
	"Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Lena", "Mateo",
	"Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sami", "Tess"};
static const char *const last[] = {"Souza", "de Vries", "Bernard", "Patel",
	"Schulz", "Haddad", "Lee", "Moreau", "Okafor", "Nowak", "García",
	"Rossi", "Yilmaz", "Kowalski", "O'Brien", "Nguyen"};
static const char *const langs[] = {"en", "fr", "nl", "de", "es", "it"};
static const char *const concerns[] = {"wrinkles", "fine-lines", "laxity",
	"elasticity", "acne-scars", "scars", "stretch-marks", "pigmentation",
	"age-spots", "dark-circles", "under-eye-bags", "large-pores",
	"uneven-tone", "Fine Lines", "acne_scars"};
static const char *const areas[] = {"forehead", "periorbital", "crows-feet",
	"nose", "cheeks", "perioral", "upper-lip", "chin", "jawline", "neck",
	"decolletage", "hands", "abdomen", "thighs"};
static const char *const conditions[] = {"active-acne", "eczema", "rosacea",
	"herpes-simplex", "sunburn", "open-wound", "psoriasis", "warts"};
static const char *const history[] = {"herpes-simplex", "keloid", "diabetes",
	"eczema", "autoimmune", "anesthetic-allergy", "bleeding-disorder"};
static const char *const meds[] = {"ibuprofen", "Roaccutane", "isotretinoin",
	"tretinoin", "Retin-A", "doxycycline", "minocycline", "warfarin",
	"apixaban", "Eliquis", "aspirin", "levothyroxine", "metformin",
	"omeprazole", "adapalene", "benzoyl-peroxide", "vitamin-d",
	"cetirizine", "sertraline"};
static const char *const procs[] = {"botulinum-toxin", "Botox", "filler",
	"chemical-peel", "laser", "ipl"};
static const char *const serums[] = {"hyaluronic-acid", "growth-factors",
	"peptides", "vitamin-b5"};
static const char *const reactions[] = {"redness", "swelling", "flaking",
	"dryness", "itching"};
static const char *const doctors[] = {"Dr. Claire Martin", "Dr. Sam Okafor",
	"Dr. Lea Weber", "Dr. Ken Ito"};

static void
date(int year0, int span)
{
	printf("%04d-%02u-%02u", year0 + (int)rnd((uint32_t)span), 1 + rnd(12),
	    1 + rnd(28));
}

static void
list(const char *key, const char *const *v, size_t n, int max, int flow)
{
	int k = (int)rnd((uint32_t)max) + 1;

	if (flow) {
		printf("%s: [", key);
		for (int i = 0; i < k; i++)
			printf("%s%s", i ? ", " : "", v[rnd((uint32_t)n)]);
		printf("]\n");
	} else {
		printf("%s:\n", key);
		for (int i = 0; i < k; i++)
			printf("  - %s\n", v[rnd((uint32_t)n)]);
	}
}

#define N(a) (sizeof(a) / sizeof(a[0]))

static void
record(unsigned long i)
{
	int female = rnd(3) != 0;

	printf("---\nid: P-%07lu\n", i);
	printf("name: %s %s\n", PICK(first), PICK(last));
	printf("birth_date: ");
	date(1950, 55);
	printf("\nsex: %s\nlanguage: %s\n", female ? "female" : "male", PICK(langs));
	printf("contact: {email: p%lu@example.org, phone: \"+33 6 %02u %02u %02u %02u\"%s}\n",
	    i, rnd(100), rnd(100), rnd(100), rnd(100),
	    rnd(10) == 0 ? ", reminders: false" : "");
	if (female) {
		printf("pregnant: %s\n", rnd(40) == 0 ? "true" : "false");
		printf("lactating: %s\n", rnd(40) == 0 ? "yes" : "no");
	}
	printf("skin:\n  fitzpatrick: ");
	if (rnd(4) == 0)
		printf("%s\n", (const char *[]){"I", "II", "III", "IV", "V", "VI"}[rnd(6)]);
	else
		printf("%u\n", 1 + rnd(6));
	printf("  ");
	list("concerns", concerns, N(concerns), 3, 1);
	if (rnd(6) == 0) {
		printf("  ");
		list("conditions", conditions, N(conditions), 1, 1);
	}
	if (rnd(5) == 0)
		list("history", history, N(history), 2, 1);
	if (rnd(2) == 0) {
		int k = 1 + (int)rnd(3);

		printf("medications:\n");
		for (int m = 0; m < k; m++) {
			switch (rnd(3)) {
			case 0:
				printf("  - %s\n", PICK(meds));
				break;
			case 1:
				printf("  - {name: %s, stopped: ", PICK(meds));
				date(2025, 2);
				printf("}\n");
				break;
			default:
				printf("  - {name: %s, since: ", PICK(meds));
				date(2020, 6);
				printf("}\n");
			}
		}
	}
	if (rnd(8) == 0) {
		printf("procedures:\n  - {name: %s, date: ", PICK(procs));
		date(2026, 1);
		printf("}\n");
	}
	if (rnd(3) != 0) {
		printf("consultation: {date: ");
		date(2026, 1);
		printf(", by: %s%s, photos: [P-%07lu/front.jpg]}\n", PICK(doctors),
		    rnd(4) == 0 ? ", approved: true" : "", i);
	}
	if (rnd(2) == 0) {
		int k = 1 + (int)rnd(3);

		printf("treatments:\n");
		for (int t = 0; t < k; t++) {
			printf("  - date: 2026-%02d-%02u\n", 1 + 3 * t, 1 + rnd(28));
			printf("    areas: {%s: 0.5, %s: 1.0}\n", PICK(areas), PICK(areas));
			printf("    anesthetic: %s\n", rnd(2) ? "true" : "false");
			printf("    serum: %s\n    duration_min: %u\n", PICK(serums),
			    20 + rnd(40));
			printf("    reactions: [%s]\n", PICK(reactions));
		}
	}
	if (rnd(10) == 0)
		printf("referral: {from: GP, letter: \"2026-0%u-1%u\"}\n", 1 + rnd(9), rnd(10));
	if (rnd(20) == 0)
		printf("notes: |\n  Prefers morning appointments.\n  Parking card at reception.\n");
}

int
main(int argc, char *argv[])
{
	unsigned long n;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen N [SEED]\n");
		return 64;
	}
	n = strtoul(argv[1], NULL, 10);
	state = argc == 3 ? strtoull(argv[2], NULL, 10) : 42;
	state = state * 0x9E3779B97F4A7C15ULL + 1;
	for (unsigned long i = 1; i <= n; i++)
		record(i);
	return ferror(stdout) || fflush(stdout) ? 74 : 0;
}
