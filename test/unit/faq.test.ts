import { answerFaq, isGreeting } from '../../services/ask/faq';

describe('questions about using the bot', () => {
  it.each([
    ['How do I change my answers?', 'change-answers'],
    ["I've made a mistake on our quick check, can I correct it?", 'change-answers'],
    ['can i edit what we submitted', 'change-answers'],
    ['We answered wrong - how do I update the answers?', 'change-answers'],
    ['How do I become a lead for my practice?', 'become-lead'],
    ['who are the practice leads', 'become-lead'],
    ['How do I add a new practice?', 'add-practice'],
    ["I can't see our quick check card", 'missed-card'],
    ['where do I find the quick check?', 'missed-card'],
    ['When is the next quick check?', 'when-quick-check'],
    ['What is the quick check?', 'what-quick-check'],
    ['how are we doing?', 'results'],
    ['Who has answered?', 'results'],
    ['A patient wants an appointment', 'patients-emergency'],
    ['Thanks!', 'thanks'],
    ['thank you very much', 'thanks'],
  ])('when someone asks "%s", then they get the %s answer', (question, id) => {
    expect(answerFaq(question)?.id).toBe(id);
  });

  it.each(['bananas', 'what campaigns are coming up?', 'thanks for nothing, this is the wrong channel', ''])(
    'when someone types "%s", then no answer about the bot is forced on it',
    (text) => {
      expect(answerFaq(text)).toBeUndefined();
    },
  );

  it('when the answer says how to change answers, then it names the button to press and when it stops', () => {
    expect(answerFaq('how do I change my answers?')?.answer).toMatch(
      /press \*\*Change answers\*\*.*until the quick check closes/,
    );
  });

  it.each(['hi', 'Hello!', 'Good morning', 'hey there', 'Hiya'])('when someone says "%s", then it is a greeting', (text) => {
    expect(isGreeting(text)).toBe(true);
  });

  it.each(['hi, how do I change my answers?', 'history', 'hello world program'])(
    'when someone says "%s", then it is not only a greeting',
    (text) => {
      expect(isGreeting(text)).toBe(false);
    },
  );
});
