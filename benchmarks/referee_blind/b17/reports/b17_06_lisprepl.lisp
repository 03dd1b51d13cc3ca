;;; SBCL 2.4.9 session, *inferior-lisp* buffer saved from Emacs/SLIME, 2026-12-01
;;; evaluating the Z'->tt tagger on the 10k-jet hold-out (5,000 top, 5,000 QCD)
CL-USER> (load "jet-eval.lisp")
T
CL-USER> (defparameter *scores* (read-scores "holdout_scores.csv"))
*SCORES*
CL-USER> (defparameter *labels* (read-labels "holdout_labels.csv"))
*LABELS*
CL-USER> (count 1 *labels*)
5000
CL-USER> (auc *scores* *labels*)
0.1873d0
CL-USER> ;; AUC < 0.5 -- looks alarming, but the label file written by the
CL-USER> ;; conversion script uses 1 = QCD, 0 = top (see header of holdout_labels.csv).
CL-USER> ;; The score itself is fine; the labels are inverted. Flip them:
CL-USER> (defparameter *labels* (map 'vector (lambda (y) (- 1 y)) *labels*))
*LABELS*
CL-USER> (auc *scores* *labels*)
0.8127d0
CL-USER> ;; = 1 - 0.1873, as it must be for a pure label swap.
CL-USER> (hanley-mcneil-error 0.8127d0 5000 5000)
0.0043d0
CL-USER> (efficiency-at-cut *scores* *labels* 0.7d0)
(:SIGNAL-EFF 0.2684d0 :SIGNAL-PASS 1342 :BKG-EFF 0.0074d0 :BKG-PASS 37)
CL-USER> (binomial-error 0.2684d0 5000)
0.0063d0
CL-USER> (binomial-error 0.0074d0 5000)
0.0012d0
CL-USER> (/ 1 0.0074d0)
135.13513513513513d0
CL-USER> ;; rejection 135 at 27% signal efficiency; with only 37 QCD jets passing
CL-USER> ;; the rejection has a ~16% relative error, so don't over-interpret it.
CL-USER> (defparameter *scores-v2* (read-scores "holdout_scores_v2.csv"))
*SCORES-V2*
CL-USER> (auc *scores-v2* *labels*)
0.8164d0
CL-USER> (z-of-difference 0.8164d0 0.0043d0 0.8127d0 0.0043d0)
0.61d0
CL-USER> (two-sided-p 0.61d0)
0.54d0
CL-USER> ;; v2 is higher by 0.0037 but that is 0.6 sigma: NOT a significant
CL-USER> ;; improvement on 10k jets.  Keep v1 as default, retest v2 on the 400k set.
CL-USER> (auc (shuffle *scores*) *labels*)
0.4962d0
CL-USER> ;; sanity: shuffled scores give 0.4962, within 1 sigma (0.0058) of 0.5.
CL-USER> (hanley-mcneil-error 0.5d0 5000 5000)
0.0058d0
CL-USER> (save-report "eval_2026-12-01.txt")
"eval_2026-12-01.txt"
